/**
 * What the manifest schema cannot say: unique and non-colliding names, URI
 * templates and URIs, JSON Schemas that compile in ajv strict mode, references
 * between sections, and output folders.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ManifestProject, manifestProject, objectSchema, server } from "./manifest-project.js";

let project: ManifestProject;
beforeEach(() => {
  project = manifestProject();
});
afterEach(() => project.remove());

const tool = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name, inputSchema: objectSchema, ...extra });
const oauth2Scheme = { type: "oauth2", resource: "https://mcp.example.com/mcp", authorizationServers: ["https://id.example.com"] };
const tools = (...names: string[]): Record<string, unknown> => ({ server, tools: names.map((name) => tool(name)) });

describe("semantic checks", () => {
  // Each tool is 6 lines long, starting at line 7; its name is on its second line.
  it.each<[string, Record<string, unknown>, string[]]>([
    ["a duplicate tool name", tools("add", "sub", "add"), ['manifest.json:20:7 /tools/2/name: tool name "add" is already used at /tools/0']],
    [
      "a duplicate prompt name",
      { server, prompts: [{ name: "p" }, { name: "p" }] },
      ['manifest.json:11:7 /prompts/1/name: prompt name "p" is already used at /prompts/0'],
    ],
    [
      "a duplicate resource URI",
      {
        server,
        resources: [
          { name: "a", uri: "config://a" },
          { name: "b", uri: "config://a" },
        ],
      },
      ['manifest.json:13:7 /resources/1/uri: resource URI "config://a" is already used at /resources/0'],
    ],
    [
      "names that differ only by separators",
      tools("get_user", "getUser"),
      ['manifest.json:14:7 /tools/1/name: tools "getUser" and "get_user" (/tools/0) would share the handler file tools/get-user.ts; rename one'],
    ],
    [
      "names that differ only by case",
      tools("Add", "add"),
      ['manifest.json:14:7 /tools/1/name: tools "add" and "Add" (/tools/0) would share the handler file tools/add.ts; rename one'],
    ],
    [
      "names that both become a Windows-safe file",
      tools("con", "tool-con"),
      ['manifest.json:14:7 /tools/1/name: tools "tool-con" and "con" (/tools/0) would share the handler file tools/tool-con.ts; rename one'],
    ],
    // Regression: only the handler file was compared, so these generated duplicate imports that did not compile.
    [
      "a reserved word and its prefixed form",
      tools("delete", "toolDelete"),
      ['manifest.json:14:7 /tools/1/name: tools "toolDelete" and "delete" (/tools/0) would share the handler name toolDelete; rename one'],
    ],
    [
      "a name starting with a digit and its prefixed form",
      tools("3d", "tool3d"),
      ['manifest.json:14:7 /tools/1/name: tools "tool3d" and "3d" (/tools/0) would share the handler name tool3d; rename one'],
    ],
    [
      "an unclosed { in a URI template",
      { server, resourceTemplates: [{ name: "a", uriTemplate: "users://{id" }] },
      ['manifest.json:9:7 /resourceTemplates/0/uriTemplate: invalid URI template: unclosed "{" (at character 9)'],
    ],
    [
      "a bad variable name in a URI template",
      { server, resourceTemplates: [{ name: "a", uriTemplate: "users://{i-d}" }] },
      ['manifest.json:9:7 /resourceTemplates/0/uriTemplate: invalid URI template: "i-d" is not a valid variable name (at character 9)'],
    ],
    [
      "a declared variable that is not in the template",
      { server, resourceTemplates: [{ name: "a", uriTemplate: "users://{id}", variables: { id: {}, other: {} } }] },
      ['manifest.json:12:9 /resourceTemplates/0/variables/other: variable "other" does not appear in "users://{id}"'],
    ],
    [
      "a URI template without a scheme",
      { server, resourceTemplates: [{ name: "a", uriTemplate: "{id}/profile" }] },
      ["manifest.json:9:7 /resourceTemplates/0/uriTemplate: must start with a URI scheme, e.g. users://{id}"],
    ],
    [
      "a resource URI that is not absolute",
      { server, resources: [{ name: "a", uri: "settings.json" }] },
      ['manifest.json:9:7 /resources/0/uri: "settings.json" is not an absolute URI such as config://settings'],
    ],
    [
      "a lastModified that is not a date-time (regression: the manifest schema only annotates formats)",
      { server, resources: [{ name: "a", uri: "config://a", annotations: { lastModified: "yesterday" } }] },
      ['manifest.json:11:9 /resources/0/annotations/lastModified: "yesterday" is not a date-time such as "2026-01-31T12:00:00Z"'],
    ],
    [
      "a jwksUri that is not a URL (regression: the manifest schema only annotates formats)",
      { server, auth: { schemes: [{ type: "jwt", audience: "a", jwksUri: "not a url" }] } },
      ['manifest.json:11:9 /auth/schemes/0/jwksUri: "not a url" is not an absolute URL such as https://auth.example.com'],
    ],
    [
      "an unknown keyword in an inputSchema (ajv strict mode)",
      { server, tools: [tool("a", { inputSchema: { type: "object", requierd: ["x"] } })] },
      ['manifest.json:11:9 /tools/0/inputSchema/requierd: invalid JSON Schema: unknown keyword "requierd" (did you mean "required"?)'],
    ],
    [
      "an unknown keyword in a template variable's schema",
      { server, resourceTemplates: [{ name: "u", uriTemplate: "u://{id}", variables: { id: { schema: { type: "integer", minimun: 1 } } } }] },
      ['manifest.json:12:11 /resourceTemplates/0/variables/id/schema: invalid JSON Schema: unknown keyword: "minimun"'],
    ],
    [
      "a $ref to a missing $defs entry",
      { server, tools: [tool("a", { inputSchema: { type: "object", properties: { p: { $ref: "#/$defs/Point" } } } })] },
      ['manifest.json:13:13 /tools/0/inputSchema/properties/p/$ref: "$ref": "#/$defs/Point" points to nothing'],
    ],
    [
      "scopes without an auth section",
      { server, tools: [tool("a"), tool("b", { scopes: ["calc:use"] })] },
      ['manifest.json:18:7 /tools/1/scopes: scopes need an "auth" section that says how callers authenticate'],
    ],
    [
      "a jwt scheme with no way to verify tokens",
      { server, auth: { schemes: [{ type: "jwt", issuer: "https://id.example", audience: "demo" }] } },
      ['manifest.json:8:7 /auth/schemes/0: a jwt scheme needs "jwksUri" or "keyEnv" to verify tokens'],
    ],
    [
      "an apiKey scheme with no keys",
      { server, auth: { schemes: [{ type: "apiKey" }] } },
      ['manifest.json:8:7 /auth/schemes/0: an apiKey scheme needs "keysEnv" or "keysFile"'],
    ],
    [
      "an authorization server without an oauth2 scheme",
      { server, auth: { schemes: [{ type: "apiKey", keysEnv: "KEYS" }], authorizationServer: { login: { provider: "test" } } } },
      [
        'manifest.json:13:5 /auth/authorizationServer: the authorization server issues tokens for an "oauth2" scheme: add one to "auth.schemes" with this server\'s "resource"',
      ],
    ],
    [
      "an oauth2 scheme that does not trust the built-in issuer",
      { server, auth: { schemes: [oauth2Scheme], authorizationServer: { login: { provider: "test" } } } },
      ['manifest.json:11:9 /auth/schemes/0/authorizationServers: must list this server\'s own issuer "https://mcp.example.com" (auth.authorizationServer)'],
    ],
    [
      "an upstream login without grants",
      {
        server,
        auth: {
          schemes: [{ ...oauth2Scheme, authorizationServers: ["https://mcp.example.com"] }],
          authorizationServer: { login: { provider: "github", clientIdEnv: "GH_ID", clientSecretEnv: "GH_SECRET" } },
        },
      },
      [
        'manifest.json:16:5 /auth/authorizationServer/grants: a github login needs "grants": rules saying which upstream users may sign in and with which scopes',
      ],
    ],
    [
      "a grant rule naming a tenant without a claim tenant source",
      {
        server,
        auth: {
          schemes: [{ ...oauth2Scheme, authorizationServers: ["https://mcp.example.com"] }],
          authorizationServer: { login: { provider: "test" }, grants: [{ scopes: [], tenant: "acme" }] },
        },
      },
      [
        'manifest.json:20:7 /auth/authorizationServer/grants: a grant rule names a tenant, which reaches requests only through a "claim" tenant source in "tenants"',
      ],
    ],
    [
      "tenant policies naming unknown tools",
      { ...tools("add"), tenants: { source: { type: "header" }, defaults: { allowedTools: ["add", "ad"] }, policies: { acme: { deniedTools: ["sub"] } } } },
      [
        'manifest.json:21:9 /tenants/defaults/allowedTools/1: no tool is named "ad"',
        'manifest.json:27:11 /tenants/policies/acme/deniedTools/0: no tool is named "sub"',
      ],
    ],
    [
      "a prompt argument declared twice",
      { server, prompts: [{ name: "p", arguments: [{ name: "a" }, { name: "a" }] }] },
      ['manifest.json:14:11 /prompts/0/arguments/1/name: argument "a" is declared twice'],
    ],
  ])("%s", async (_what, manifest, expected) => {
    project.write("manifest.json", manifest);
    expect(await project.errors()).toEqual(expected);
  });

  it("reports independent semantic problems together, in line order", async () => {
    project.write("manifest.json", {
      server,
      tools: [tool("a", { scopes: ["x"] }), tool("a")],
      resources: [{ name: "r", uri: "relative" }],
    });
    expect(await project.errors()).toEqual([
      'manifest.json:12:7 /tools/0/scopes: scopes need an "auth" section that says how callers authenticate',
      'manifest.json:17:7 /tools/1/name: tool name "a" is already used at /tools/0',
      'manifest.json:26:7 /resources/0/uri: "relative" is not an absolute URI such as config://settings',
    ]);
  });
});

describe("codegen folders", () => {
  it.each<[string, Record<string, string>, string[]]>([
    [
      "a folder outside the manifest's",
      { generatedDir: "../x" },
      ['manifest.json:7:5 /codegen/generatedDir: must be a sub-folder of the manifest\'s folder, such as "src/generated"'],
    ],
    [
      "an absolute folder",
      { handlersDir: "/tmp/handlers" },
      ['manifest.json:7:5 /codegen/handlersDir: must be a sub-folder of the manifest\'s folder, such as "src/handlers"'],
    ],
    [
      "a folder that climbs out and back",
      { generatedDir: "src/../../x" },
      ['manifest.json:7:5 /codegen/generatedDir: must be a sub-folder of the manifest\'s folder, such as "src/generated"'],
    ],
    [
      "generated code inside the handlers",
      { generatedDir: "src/handlers/gen", handlersDir: "src/handlers" },
      ["manifest.json:6:3 /codegen: generatedDir and handlersDir must not contain each other: generated code is rewritten, handlers are yours"],
    ],
    [
      "handlers inside the generated folder",
      { generatedDir: "src", handlersDir: "src/handlers" },
      ["manifest.json:6:3 /codegen: generatedDir and handlersDir must not contain each other: generated code is rewritten, handlers are yours"],
    ],
    [
      "the same folder written two ways",
      { generatedDir: "gen", handlersDir: "./gen/" },
      ["manifest.json:6:3 /codegen: generatedDir and handlersDir must not contain each other: generated code is rewritten, handlers are yours"],
    ],
    [
      "the manifest's own folder",
      { generatedDir: "." },
      [
        "manifest.json:6:3 /codegen: generatedDir and handlersDir must not contain each other: generated code is rewritten, handlers are yours",
        'manifest.json:7:5 /codegen/generatedDir: must be a sub-folder of the manifest\'s folder, such as "src/generated"',
      ],
    ],
  ])("rejects %s", async (_what, codegen, expected) => {
    project.write("manifest.json", { server, codegen });
    expect(await project.errors()).toEqual(expected);
  });

  it("are relative to the manifest's folder, not the working directory", async () => {
    project.write("api/manifest.json", { server, codegen: { generatedDir: "../api/gen" } });
    const model = await project.build("api/manifest.json");
    expect(model.manifestPath).toBe("api/manifest.json");
    expect(model.codegen).toEqual({ generatedDir: "../api/gen", handlersDir: "src/handlers", client: true });
  });
});

// Found by compiling the types, once the rest of the manifest is valid; once reported by the type emitter, without a line.
describe("generated type names", () => {
  it("rejects a $defs entry that takes another tool's type name, at that entry", async () => {
    project.write("manifest.json", {
      server,
      tools: [
        tool("a", { inputSchema: { type: "object", properties: { o: { $ref: "#/$defs/Output" } }, $defs: { Output: { type: "string" } } } }),
        tool("a-input", { outputSchema: objectSchema }),
      ],
    });
    expect(await project.diagnostics()).toEqual([
      {
        file: "manifest.json",
        pointer: "/tools/0/inputSchema/$defs/Output",
        line: 17,
        column: 11,
        message: "type AInputOutput would be generated for both /tools/0/inputSchema/$defs/Output and /tools/1/outputSchema; rename a title or a $defs entry",
      },
    ]);
  });

  it("rejects a template variable's title that takes a tool's type name, at the variable's schema", async () => {
    project.write("manifest.json", {
      server,
      tools: [tool("a-variables-x-input")],
      resourceTemplates: [{ name: "a", uriTemplate: "a://{id}", variables: { id: { schema: { type: "string", title: "X Input Input" } } } }],
    });
    expect(await project.errors()).toEqual([
      "manifest.json:20:11 /resourceTemplates/0/variables/id/schema: type AVariablesXInputInput would be generated for both /tools/0/inputSchema and " +
        "/resourceTemplates/0/variables/id/schema; rename a title or a $defs entry",
    ]);
  });

  it("reports the clash in the file the nested schema was written in", async () => {
    project.write("schemas/point.json", { type: "object", properties: { p: { title: "Output", type: "string" } } });
    project.write("manifest.json", {
      server,
      tools: [tool("a", { inputSchema: { $ref: "./schemas/point.json" } }), tool("a-input", { outputSchema: objectSchema })],
    });
    expect(await project.errors()).toEqual([
      "schemas/point.json:4:5 /properties/p: type AInputOutput would be generated for both /tools/0/inputSchema/properties/p and /tools/1/outputSchema; " +
        "rename a title or a $defs entry",
    ]);
  });
});
