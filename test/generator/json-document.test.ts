/**
 * Syntax errors and duplicate keys: each is reported at the exact line:column of
 * the mistake, with words a person understands, before anything else runs.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JsonDocument } from "../../packages/cli/src/load/json-document.js";
import { type ManifestProject, manifestProject } from "./manifest-project.js";

let project: ManifestProject;
beforeEach(() => {
  project = manifestProject();
});
afterEach(() => project.remove());

const SERVER_LINE = '  "server": { "name": "demo", "version": "1.0.0" }';

describe("invalid JSON", () => {
  it.each([
    ["a trailing comma in an object, at the comma", `{\n${SERVER_LINE},\n}\n`, ["manifest.json:2:51: invalid JSON: trailing comma"]],
    ["a trailing comma in an array, at the comma", `{\n${SERVER_LINE},\n  "tools": [\n    {}, \n  ]\n}\n`, ["manifest.json:4:7: invalid JSON: trailing comma"]],
    ["a line comment", `{\n  // the server\n${SERVER_LINE}\n}\n`, ["manifest.json:2:3: invalid JSON: comments are not allowed in JSON"]],
    ["a block comment", `{\n${SERVER_LINE} /* x */\n}\n`, ["manifest.json:2:52: invalid JSON: comments are not allowed in JSON"]],
    ["a missing colon", '{\n  "server" { "name": "demo", "version": "1.0.0" }\n}\n', ['manifest.json:2:12: invalid JSON: expected ":"']],
    ["a missing comma", '{\n  "server": { "name": "demo" "version": "1.0.0" }\n}\n', ['manifest.json:2:30: invalid JSON: expected "," or a closing bracket']],
    ["a single-quoted key", "{\n  'server': {}\n}\n", ["manifest.json:2:3: invalid JSON: unexpected character"]],
    ["a missing value", '{\n  "server":\n}\n', ["manifest.json:3:1: invalid JSON: expected a value"]],
    ["content after the value", `{\n${SERVER_LINE}\n}\n}\n`, ["manifest.json:4:1: invalid JSON: unexpected content after the end of the JSON value"]],
    ["a bad escape", '{\n  "server": { "name": "a\\qb", "version": "1" }\n}\n', ["manifest.json:2:23: invalid JSON: invalid escape character"]],
    ["an empty file", "", ["manifest.json:1:1: invalid JSON: expected a value"]],
    ["a file of blank lines", "\n\n", ["manifest.json:3:1: invalid JSON: expected a value"]],
  ])("%s", async (_what, text, expected) => {
    project.write("manifest.json", text);
    expect(await project.errors()).toEqual(expected);
  });

  it("reports a missing closing quote where the string runs into the next token, and nothing after it", async () => {
    project.write("manifest.json", '{\n  "server": { "name": "demo, "version": "1.0.0" }\n}\n');
    // `"demo, "` is a complete string; the parser first trips over `version`.
    // What jsonc-parser reports after that depends on how it recovers, so it is left out.
    expect(await project.diagnostics()).toEqual([{ file: "manifest.json", pointer: "", line: 2, column: 31, message: "invalid JSON: unexpected character" }]);
  });

  it("reports every trailing comma and comment, which do not derail the parse", async () => {
    project.write("manifest.json", `{\n${SERVER_LINE}, // why not\n  "tools": [{},],\n}\n`);
    expect(await project.errors()).toEqual([
      "manifest.json:2:53: invalid JSON: comments are not allowed in JSON",
      "manifest.json:3:15: invalid JSON: trailing comma",
      "manifest.json:3:17: invalid JSON: trailing comma",
    ]);
  });

  it("reports every comment in a file, not just the first", async () => {
    project.write("manifest.json", `// one\n{\n${SERVER_LINE} // two\n}\n`);
    expect(await project.errors()).toEqual([
      "manifest.json:1:1: invalid JSON: comments are not allowed in JSON",
      "manifest.json:3:52: invalid JSON: comments are not allowed in JSON",
    ]);
  });

  it("says when the manifest file cannot be read", async () => {
    expect(await project.diagnostics("missing.json")).toEqual([{ file: "missing.json", pointer: "", message: "cannot read the manifest file" }]);
  });
});

describe("duplicate keys", () => {
  it("are reported at the second key, with its pointer, at any depth", async () => {
    project.write(
      "manifest.json",
      [
        "{",
        '  "server": { "name": "demo", "version": "1.0.0", "name": "again" },',
        '  "tools": [',
        '    { "name": "a", "inputSchema": { "type": "object", "properties": {}, "properties": {} } }',
        "  ],",
        '  "server": {}',
        "}",
        "",
      ].join("\n"),
    );
    expect(await project.diagnostics()).toEqual([
      { file: "manifest.json", pointer: "/server/name", line: 2, column: 51, message: 'duplicate key "name"' },
      { file: "manifest.json", pointer: "/tools/0/inputSchema/properties", line: 4, column: 73, message: 'duplicate key "properties"' },
      { file: "manifest.json", pointer: "/server", line: 6, column: 3, message: 'duplicate key "server"' },
    ]);
  });

  it("escape / and ~ in the pointer (RFC 6901)", async () => {
    project.write("manifest.json", '{\n  "server": { "name": "demo", "version": "1" },\n  "x": { "a/b~c": 1, "a/b~c": 2 }\n}\n');
    expect(await project.errors()).toEqual(['manifest.json:3:22 /x/a~1b~0c: duplicate key "a/b~c"']);
  });
});

describe("JsonDocument.positionOf", () => {
  const text = '{\n  "tools": [\n    { "name": "a" },\n    { "name": "b", "tags": ["x", "y"] }\n  ]\n}\n';
  const document = JsonDocument.parse("/p/m.json", "m.json", text);

  it.each([
    ["", 1, 1],
    ["/tools", 2, 3],
    ["/tools/1", 4, 5],
    ["/tools/1/name", 4, 7],
    ["/tools/1/tags/1", 4, 34],
    // A place that does not exist is located at its nearest existing parent.
    ["/tools/1/missing", 4, 5],
    ["/tools/7/name", 2, 3],
  ])("locates %j at %i:%i", (pointer, line, column) => {
    if (Array.isArray(document)) throw new Error("fixture must parse");
    expect(document.positionOf(pointer)).toEqual({ line, column });
  });
});
