/** How manifest names become words, handler identifiers, type names and file stems. */
import { describe, expect, it } from "vitest";
import { type EntryKind, fileStem, handlerIdentifier, pascalCase, typeBaseName, words } from "../../packages/cli/src/model/names.js";
import { entryNames } from "../../packages/cli/src/model/normalise.js";

describe("names", () => {
  it.each([
    ["getUser", ["get", "user"]],
    ["get-user", ["get", "user"]],
    ["get_user", ["get", "user"]],
    ["getUser.v2-beta_x", ["get", "user", "v2", "beta", "x"]],
    ["HTTPServer", ["http", "server"]],
    ["parseHTTPResponse2", ["parse", "http", "response2"]],
    ["3d_render", ["3d", "render"]],
    ["Add", ["add"]],
    ["a..b", ["a", "b"]],
    ["..", []],
    ["_-.", []],
  ])("words(%j) is %j", (name, expected) => {
    expect(words(name)).toEqual(expected);
  });

  // Columns: name, handlerIdentifier, typeBaseName, fileStem (for a tool).
  it.each([
    ["getUser", "getUser", "GetUser", "get-user"],
    ["get-user", "getUser", "GetUser", "get-user"],
    ["get.user.v2", "getUserV2", "GetUserV2", "get-user-v2"],
    ["HTTPServer", "httpServer", "HttpServer", "http-server"],
    ["Add", "add", "Add", "add"],
    ["3d_render", "tool3dRender", "Tool3DRender", "3d-render"],
    ["3d", "tool3d", "Tool3D", "3d"],
    ["delete", "toolDelete", "Delete", "delete"],
    ["new", "toolNew", "New", "new"],
    ["await", "toolAwait", "Await", "await"],
    ["arguments", "toolArguments", "Arguments", "arguments"],
    ["con", "con", "Con", "tool-con"],
    ["CON", "con", "Con", "tool-con"],
    ["nul", "nul", "Nul", "tool-nul"],
    ["com1", "com1", "Com1", "tool-com1"],
    ["lpt9", "lpt9", "Lpt9", "tool-lpt9"],
    ["console", "console", "Console", "console"],
    ["..", "tool", "Tool", "tool"],
    ["a..b", "aB", "AB", "a-b"],
    ["_", "tool", "Tool", "tool"],
  ])("tool %j → %s, %s, %s", (name, identifier, typeBase, stem) => {
    expect(handlerIdentifier("tool", name)).toBe(identifier);
    expect(typeBaseName("tool", name)).toBe(typeBase);
    expect(fileStem("tool", name)).toBe(stem);
  });

  it.each<[EntryKind, string, string, string, string]>([
    ["tool", "delete", "toolDelete", "Delete", "tools/delete"],
    ["resource", "class", "resourceClass", "Class", "resources/class"],
    ["resourceTemplate", "9lives", "template9lives", "Template9Lives", "resource-templates/9lives"],
    ["prompt", "aux", "aux", "Aux", "prompts/prompt-aux"],
    ["prompt", "..", "prompt", "Prompt", "prompts/prompt"],
  ])("%s %j gets the kind's prefix where needed: %s, %s, %s", (kind, name, identifier, typeBase, handlerModule) => {
    expect(entryNames(kind, name)).toEqual({ name, identifier, typeBase, handlerModule });
  });

  // The manifest schema allows any of these characters; none may become a path that leaves its folder.
  it.each(["..", ".", "...", "-..-", "._.", "a/../b", "..\\x", "/etc/passwd", "con", "CON.txt"])("fileStem(%j) is one safe path segment", (name) => {
    const stem = fileStem("tool", name);
    expect(stem).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(stem).not.toContain("..");
    expect(stem).not.toMatch(/[/\\]/);
  });

  it.each([
    ["3d", "3D"],
    ["vector3d_x2y", "Vector3DX2Y"],
    ["getUser", "GetUser"],
  ])("pascalCase(%j) capitalises after digits like json-schema-to-typescript: %s", (text, expected) => {
    expect(pascalCase(text)).toBe(expected);
  });
});
