/**
 * Violations of schemas/manifest.schema.json: each one at the user's property,
 * in words, all reported at once, and the schema's defaults applied.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../packages/cli/src/diagnostics.js";
import { type ManifestProject, manifestProject, objectSchema, server } from "./manifest-project.js";

let project: ManifestProject;
beforeEach(() => {
  project = manifestProject();
});
afterEach(() => project.remove());

const tool = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name, inputSchema: objectSchema, ...extra });

describe("manifest schema violations", () => {
  // Manifests are written as 2-space JSON, so positions follow from the object's shape.
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      "an unknown property, at the property",
      { server, tools: [tool("a", { descripton: "typo" })] },
      ['manifest.json:12:7 /tools/0/descripton: unknown property "descripton"'],
    ],
    ["an unknown top-level property", { server, toolz: [] }, ['manifest.json:6:3 /toolz: unknown property "toolz"']],
    [
      "missing required properties, at the object",
      { server: { name: "demo" }, tools: [{ name: "a" }] },
      ['manifest.json:2:3 /server: missing required property "version"', 'manifest.json:6:5 /tools/0: missing required property "inputSchema"'],
    ],
    ["no server at all", { tools: [] }, ['manifest.json:1:1: missing required property "server"']],
    [
      "a tool name with a space",
      { server, tools: [tool("get user")] },
      ["manifest.json:8:7 /tools/0/name: must be 1–128 characters of letters, digits, _, - and . (MCP name rules)"],
    ],
    [
      "a tool name of 129 characters",
      { server, tools: [tool("x".repeat(129))] },
      ["manifest.json:8:7 /tools/0/name: must be 1–128 characters of letters, digits, _, - and . (MCP name rules)"],
    ],
    [
      "a prompt argument that is not an identifier",
      { server, prompts: [{ name: "p", arguments: [{ name: "2nd" }] }] },
      ["manifest.json:11:11 /prompts/0/arguments/0/name: must be a letter or _ followed by up to 63 letters, digits or _"],
    ],
    [
      "wrong types",
      { server: { name: 1, version: "1" }, tools: [tool("a", { timeoutMs: "5" })], prompts: {} },
      [
        "manifest.json:3:5 /server/name: must be string",
        "manifest.json:12:7 /tools/0/timeoutMs: must be integer",
        "manifest.json:15:3 /prompts: must be array",
      ],
    ],
    ["an empty server name", { server: { name: "", version: "1" } }, ["manifest.json:3:5 /server/name: must not be empty"]],
    [
      "an inputSchema that is not an object schema",
      { server, tools: [tool("a", { inputSchema: { type: "string" } })] },
      ['manifest.json:10:9 /tools/0/inputSchema/type: must be "object"'],
    ],
    [
      "a jwt audience that is a number",
      { server, auth: { schemes: [{ type: "jwt", keyEnv: "JWT_KEY", audience: 5 }] } },
      ["manifest.json:11:9 /auth/schemes/0/audience: must be string or array"],
    ],
    [
      "an empty jwt audience",
      { server, auth: { schemes: [{ type: "jwt", keyEnv: "JWT_KEY", audience: "" }] } },
      ["manifest.json:11:9 /auth/schemes/0/audience: must not be empty"],
    ],
    [
      "allowAnyAudience that is not a boolean",
      { server, auth: { schemes: [{ type: "jwt", keyEnv: "JWT_KEY", allowAnyAudience: "yes" }] } },
      [
        'manifest.json:8:7 /auth/schemes/0: missing required property "audience", the `aud` a token must carry to be accepted here (RFC 8707); "allowAnyAudience": true accepts tokens minted for any resource (unsafe)',
        "manifest.json:11:9 /auth/schemes/0/allowAnyAudience: must be boolean",
      ],
    ],
    [
      "an empty jwt audience list",
      { server, auth: { schemes: [{ type: "jwt", keyEnv: "JWT_KEY", audience: [] }] } },
      ["manifest.json:11:9 /auth/schemes/0/audience: must have at least 1 item"],
    ],
    [
      "a secret where an environment variable name belongs",
      { server, auth: { schemes: [{ type: "jwt", keyEnv: "-----BEGIN KEY-----", audience: "demo" }] } },
      ["manifest.json:10:9 /auth/schemes/0/keyEnv: must be an environment variable name such as MY_SECRET"],
    ],
    ["an unknown auth scheme type", { server, auth: { schemes: [{ type: "basic" }] } }, ['manifest.json:8:7 /auth/schemes/0: unsupported type "basic"']],
    [
      "an auth scheme without a type",
      { server, auth: { schemes: [{ keyEnv: "K" }] } },
      ['manifest.json:8:7 /auth/schemes/0: missing required property "type"'],
    ],
    [
      "an unknown property of a jwt scheme",
      { server, auth: { schemes: [{ type: "jwt", keyEnv: "K", audience: "demo", audiences: ["a"] }] } },
      ['manifest.json:12:9 /auth/schemes/0/audiences: unknown property "audiences"'],
    ],
    [
      "a repeated jwt algorithm",
      { server, auth: { schemes: [{ type: "jwt", keyEnv: "K", audience: "demo", algorithms: ["RS256", "RS256"] }] } },
      ["manifest.json:12:9 /auth/schemes/0/algorithms: must not repeat items (items 0 and 1 are equal)"],
    ],
    [
      "a completion with both values and dynamic",
      { server, prompts: [{ name: "p", arguments: [{ name: "a", completion: { values: ["x"], dynamic: true } }] }] },
      ["manifest.json:12:11 /prompts/0/arguments/0/completion: must have exactly one of its properties"],
    ],
    [
      "a completion with neither",
      { server, prompts: [{ name: "p", arguments: [{ name: "a", completion: {} }] }] },
      ["manifest.json:12:11 /prompts/0/arguments/0/completion: must have exactly one of its properties"],
    ],
    [
      "a tenant source of an unknown type",
      { server, tenants: { source: { type: "cookie" } } },
      ['manifest.json:7:5 /tenants/source: unsupported type "cookie"'],
    ],
    [
      // Regression: the message named neither the key nor its place, only the pattern.
      "a tenant id with a slash, at the key",
      { server, tenants: { source: { type: "header" }, policies: { ok: {}, "a/b": {} } } },
      ['manifest.json:12:7 /tenants/policies/a~1b: key "a/b" must be 1–128 characters of letters, digits, _, - and . (MCP name rules)'],
    ],
  ])("%s", async (_what, manifest, expected) => {
    project.write("manifest.json", manifest);
    expect(await project.errors()).toEqual(expected);
  });

  it("reports three independent mistakes at once, in line order", async () => {
    project.write("manifest.json", {
      prompts: [{ name: "p", arguments: [{ name: "a", required: "yes" }] }],
      server: { name: "demo", version: "1", colour: "red" },
      tools: [tool("a b")],
    });
    const diagnostics = await project.diagnostics();
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "manifest.json:8:11 /prompts/0/arguments/0/required: must be boolean",
      'manifest.json:16:5 /server/colour: unknown property "colour"',
      "manifest.json:20:7 /tools/0/name: must be 1–128 characters of letters, digits, _, - and . (MCP name rules)",
    ]);
    expect(diagnostics[0]).toEqual({ file: "manifest.json", pointer: "/prompts/0/arguments/0/required", line: 8, column: 11, message: "must be boolean" });
  });
});

describe("defaults from the manifest schema", () => {
  it("are applied to the normalised model", async () => {
    project.write("manifest.json", {
      server,
      tools: [tool("a")],
      resources: [{ name: "r", uri: "config://r" }],
      resourceTemplates: [{ name: "t", uriTemplate: "users://{id}" }],
      prompts: [{ name: "p", arguments: [{ name: "who" }] }],
      auth: {
        schemes: [
          { type: "jwt", keyEnv: "JWT_KEY", audience: "demo" },
          { type: "apiKey", keysEnv: "API_KEYS" },
        ],
      },
      tenants: { source: { type: "header" } },
    });
    const model = await project.build();
    expect(model.codegen).toEqual({ generatedDir: "src/generated", handlersDir: "src/handlers", client: true });
    expect(model.tools[0]?.policy).toEqual({ scopes: [] });
    expect(model.resources[0]?.policy).toEqual({ scopes: [] });
    expect(model.resourceTemplates[0]?.policy).toEqual({ scopes: [] });
    expect(model.prompts[0]?.policy).toEqual({ scopes: [] });
    expect(model.prompts[0]?.arguments).toEqual([{ name: "who", required: false }]);
    expect(model.auth).toEqual({
      schemes: [
        { type: "jwt", keyEnv: "JWT_KEY", audience: "demo", algorithms: ["RS256", "ES256", "EdDSA"], clockToleranceSec: 30, scopeClaim: "scope" },
        { type: "apiKey", keysEnv: "API_KEYS", header: "x-api-key" },
      ],
      required: true,
      hideUnauthorized: true,
    });
    expect(model.tenancy).toEqual({ sources: [{ type: "header", name: "x-tenant-id" }], required: true, defaults: {}, tenants: {} });
  });

  it("never override what the manifest says", async () => {
    project.write("manifest.json", {
      server,
      codegen: { generatedDir: "./gen/", handlersDir: "lib/handlers", client: false },
      tools: [tool("a", { scopes: ["calc:use"] })],
      auth: {
        schemes: [{ type: "jwt", jwksUri: "https://id.example/jwks", algorithms: ["HS256"], allowAnyAudience: true }],
        required: false,
        hideUnauthorized: false,
      },
    });
    const model = await project.build();
    expect(model.codegen).toEqual({ generatedDir: "gen", handlersDir: "lib/handlers", client: false });
    expect(model.tools[0]?.policy).toEqual({ scopes: ["calc:use"] });
    expect(model.auth?.required).toBe(false);
    expect(model.auth?.hideUnauthorized).toBe(false);
    expect(model.auth?.schemes[0]).toMatchObject({ type: "jwt", algorithms: ["HS256"], allowAnyAudience: true });
  });
});
