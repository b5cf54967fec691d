/**
 * `turbomcp import openapi` on small descriptions written by each test: names,
 * collisions, filters, the tool bound, Swagger 2.0 and OpenAPI 3.1, recursive
 * schemas, bad input (a located message, exit 1), and re-import onto an edited manifest.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type Scratch, scratchProject } from "../helpers/scratch.js";

let scratch: Scratch;
afterEach(() => scratch.remove());

interface Tool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: { properties: Record<string, Record<string, unknown>>; required?: string[] };
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, boolean>;
  upstream: {
    dependency: string;
    method: string;
    path: string;
    parameters: Record<string, { in: string; name: string }>;
    body?: { property: string; contentType: string };
  };
  scopes?: string[];
}
interface Manifest {
  server: { name: string };
  dependencies: Record<string, { http: Record<string, unknown>; timeoutMs?: number }>;
  tools: Tool[];
}

function write(name: string, document: unknown): void {
  writeFileSync(path.join(scratch.dir, name), typeof document === "string" ? document : JSON.stringify(document, null, 2));
}

function manifest(): Manifest {
  return JSON.parse(readFileSync(path.join(scratch.dir, "manifest.json"), "utf8")) as Manifest;
}

const tool = (name: string): Tool => {
  const found = manifest().tools.find((candidate) => candidate.name === name);
  if (found === undefined)
    throw new Error(
      `no tool ${name}: ${manifest()
        .tools.map((candidate) => candidate.name)
        .join(", ")}`,
    );
  return found;
};

const ok = { "200": { description: "ok" } };

function openapi(paths: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { openapi: "3.0.3", info: { title: "Test API", version: "2.1.0" }, servers: [{ url: "https://api.example/v2" }], paths, ...extra };
}

describe("turbomcp import openapi", () => {
  it("names tools from operationId, sanitised and made unique, with method_path when there is none", async () => {
    scratch = scratchProject("import-names");
    write(
      "api.json",
      openapi({
        "/users/{id}": {
          get: { operationId: "users/get user!", responses: ok },
          put: { operationId: "getUser", responses: ok },
          delete: { operationId: "get_user", responses: ok },
        },
        "/users": { get: { responses: ok }, post: { operationId: "getUser", responses: ok } },
      }),
    );
    const result = await runCli(["import", "openapi", "api.json"], scratch.dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    // `get_user` would share the handler file and function of `getUser`: it is numbered, as is the second `getUser`.
    expect(manifest().tools.map((candidate) => candidate.name)).toEqual(["users_get_user", "getUser", "get_user_2", "get_users", "getUser_3"]);
    expect(result.stdout).toContain('wrote manifest.json: 5 tools from dependency "test-api" (5 added, 0 changed, 0 removed, 0 unchanged)');
    expect(manifest().server).toMatchObject({ name: "test-api", version: "2.1.0", title: "Test API" });
    expect(manifest().dependencies["test-api"]?.http).toEqual({ baseUrlEnv: "TEST_API_BASE_URL", baseUrl: "https://api.example/v2" });
  });

  it("merges path, query, header and cookie parameters and the body into one input, renaming collisions and recording the wire names", async () => {
    scratch = scratchProject("import-inputs");
    write(
      "api.json",
      openapi({
        "/items/{id}": {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
          patch: {
            operationId: "updateItem",
            summary: "Update an item",
            description: "Changes the fields given.",
            parameters: [
              { name: "id", in: "query", schema: { type: "string" }, description: "a query id" },
              { name: "body", in: "header", required: true, schema: { type: "string" } },
              { name: "Content-Type", in: "header", schema: { type: "string" } },
              { name: "session", in: "cookie", schema: { type: "string" } },
            ],
            requestBody: {
              required: true,
              content: { "application/json": { schema: { type: "object", properties: { name: { type: "string", nullable: true } } } } },
            },
            responses: {
              "200": {
                description: "ok",
                content: { "application/json": { schema: { type: "object", properties: { id: { type: "integer", format: "int64" } } } } },
              },
            },
          },
        },
      }),
    );
    const result = await runCli(["import", "openapi", "api.json"], scratch.dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('updateItem: query parameter "id" is input property "query_id"');
    expect(result.stdout).toContain('updateItem: the request body is input property "requestBody"');
    const updateItem = tool("updateItem");
    expect(updateItem.title).toBe("Update an item");
    expect(updateItem.description).toBe("Update an item\n\nChanges the fields given.");
    expect(Object.keys(updateItem.inputSchema.properties)).toEqual(["id", "query_id", "body", "session", "requestBody"]);
    expect(updateItem.inputSchema.required).toEqual(["id", "body", "requestBody"]);
    expect(updateItem.inputSchema.properties.query_id).toEqual({ type: "string", description: "a query id" });
    expect(updateItem.inputSchema.properties.requestBody).toEqual({ type: "object", properties: { name: { type: ["string", "null"] } } });
    expect(updateItem.upstream).toEqual({
      dependency: "test-api",
      method: "PATCH",
      path: "/items/{id}",
      parameters: {
        id: { in: "path", name: "id" },
        query_id: { in: "query", name: "id" },
        body: { in: "header", name: "body" },
        session: { in: "cookie", name: "session" },
      },
      body: { property: "requestBody", contentType: "application/json" },
    });
    expect(updateItem.outputSchema).toEqual({ type: "object", properties: { id: { type: "integer", format: "int64" } } });
    expect(updateItem.annotations).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true });
  });

  it("sets hints from the method, and an outputSchema only for an object answer", async () => {
    scratch = scratchProject("import-hints");
    const list = { "200": { description: "ok", content: { "application/json": { schema: { type: "array", items: { type: "string" } } } } } };
    write(
      "api.json",
      openapi({
        "/a": {
          get: { operationId: "list", responses: list },
          head: { operationId: "peek", responses: ok },
          put: { operationId: "put", responses: ok },
          delete: { operationId: "remove", responses: ok },
        },
      }),
    );
    expect((await runCli(["import", "openapi", "api.json"], scratch.dir)).code).toBe(0);
    expect(tool("list").annotations).toEqual({ readOnlyHint: true, openWorldHint: true });
    expect(tool("list").outputSchema).toBeUndefined();
    expect(tool("peek").annotations?.readOnlyHint).toBe(true);
    expect(tool("put").annotations).toMatchObject({ readOnlyHint: false, idempotentHint: true, destructiveHint: false });
    expect(tool("remove").annotations).toMatchObject({ readOnlyHint: false, idempotentHint: true, destructiveHint: true });
  });

  it("filters by tag, path glob and method, and refuses more tools than --max-tools, saying how to filter", async () => {
    scratch = scratchProject("import-filters");
    const paths: Record<string, unknown> = {};
    for (let index = 0; index < 6; index++) {
      paths[`/pets/${index}`] = {
        get: { operationId: `getPet${index}`, tags: ["pets"], responses: ok },
        post: { operationId: `postPet${index}`, tags: ["pets"], responses: ok },
      };
      paths[`/stores/${index}/items`] = { get: { operationId: `getStore${index}`, tags: ["stores"], responses: ok } };
    }
    write("api.json", openapi(paths));
    const refused = await runCli(["import", "openapi", "api.json", "--max-tools", "10"], scratch.dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      "api.json: 18 operations match, more than --max-tools 10: large tool lists make models pick worse. Import fewer with --tag, --path or --method (tags: pets, stores), or raise --max-tools.\nturbomcp: 1 problem found\n",
    );
    const byTag = await runCli(["import", "openapi", "api.json", "--tag", "stores", "--max-tools", "10"], scratch.dir);
    expect(byTag.code).toBe(0);
    expect(manifest().tools.map((candidate) => candidate.name)).toEqual(["getStore0", "getStore1", "getStore2", "getStore3", "getStore4", "getStore5"]);
    await runCli(
      ["import", "openapi", "api.json", "--out", "b.json", "--path", "/pets/*", "--method", "post", "get", "--max-tools", "20", "--tag", "pets"],
      scratch.dir,
    );
    const pets = JSON.parse(readFileSync(path.join(scratch.dir, "b.json"), "utf8")) as Manifest;
    expect(pets.tools).toHaveLength(12);
    await runCli(["import", "openapi", "api.json", "--out", "c.json", "--path", "/stores/**", "--method", "POST"], scratch.dir);
    const none = await runCli(["import", "openapi", "api.json", "--out", "c.json", "--path", "/stores/**", "--method", "POST"], scratch.dir);
    expect(none.stderr).toContain("api.json: none of its 18 operations matches the filters");
    expect(none.code).toBe(1);
    const typo = await runCli(["import", "openapi", "api.json", "--method", "GETT"], scratch.dir);
    expect(typo.stderr).toContain("--method GETT: not an HTTP method");
    expect(typo.code).toBe(1);
  });

  it("imports Swagger 2.0: body and formData parameters, host and basePath, an API key header", async () => {
    scratch = scratchProject("import-swagger");
    write("api.json", {
      swagger: "2.0",
      info: { title: "Old API", version: "1" },
      host: "old.example",
      basePath: "/api",
      schemes: ["http", "https"],
      securityDefinitions: { key: { type: "apiKey", in: "header", name: "X-Key" } },
      security: [{ key: [] }],
      paths: {
        "/things": {
          post: {
            operationId: "addThing",
            consumes: ["application/json"],
            parameters: [{ in: "body", name: "thing", required: true, schema: { $ref: "#/definitions/Thing" } }],
            responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Thing" } } },
          },
        },
        "/things/{id}/photo": {
          post: {
            operationId: "upload",
            consumes: ["multipart/form-data"],
            parameters: [
              { in: "path", name: "id", required: true, type: "integer", format: "int32" },
              { in: "formData", name: "file", type: "file", required: true },
              { in: "query", name: "tags", type: "array", items: { type: "string" }, collectionFormat: "multi" },
            ],
            responses: ok,
          },
        },
      },
      definitions: {
        Thing: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string", "x-nullable": true }, size: { type: "number", minimum: 0, exclusiveMinimum: true } },
        },
      },
    });
    const result = await runCli(["import", "openapi", "api.json"], scratch.dir);
    expect(result.stderr).toBe("");
    const thing = { type: "object", required: ["name"], properties: { name: { type: ["string", "null"] }, size: { type: "number", exclusiveMinimum: 0 } } };
    expect(tool("addThing").inputSchema.properties.body).toEqual(thing);
    expect(tool("addThing").outputSchema).toEqual(thing);
    expect(tool("addThing").upstream.body).toEqual({ property: "body", contentType: "application/json" });
    expect(tool("upload").inputSchema.properties).toEqual({
      id: { type: "integer", format: "int32" },
      tags: { type: "array", items: { type: "string" } },
      body: { type: "object", properties: { file: { type: "string" } }, required: ["file"] },
    });
    expect(tool("upload").upstream.body).toEqual({ property: "body", contentType: "multipart/form-data" });
    expect(manifest().dependencies["old-api"]?.http).toEqual({
      baseUrlEnv: "OLD_API_BASE_URL",
      baseUrl: "https://old.example/api",
      auth: { type: "apiKey", in: "header", name: "X-Key", keyEnv: "OLD_API_API_KEY" },
    });
  });

  it("imports OpenAPI 3.1 (type lists, examples) and YAML, with a bearer scheme", async () => {
    scratch = scratchProject("import-31");
    write(
      "api.yaml",
      [
        "openapi: 3.1.0",
        "info: { title: New API, version: '3' }",
        "servers: [{ url: 'https://{region}.new.example', variables: { region: { default: eu } } }]",
        "components:",
        "  securitySchemes: { token: { type: http, scheme: bearer } }",
        "paths:",
        "  /search:",
        "    get:",
        "      operationId: search",
        "      parameters: [{ name: q, in: query, required: true, schema: { type: [string, 'null'], examples: [cats] } }]",
        "      responses:",
        "        '200': { description: ok, content: { application/json: { schema: { type: object, properties: { hits: { type: integer, const: 1 } } } } } }",
        "",
      ].join("\n"),
    );
    expect((await runCli(["import", "openapi", "api.yaml"], scratch.dir)).code).toBe(0);
    expect(tool("search").inputSchema.properties.q).toEqual({ type: ["string", "null"], examples: ["cats"] });
    expect(tool("search").outputSchema).toEqual({ type: "object", properties: { hits: { type: "integer", const: 1 } } });
    expect(manifest().dependencies["new-api"]?.http).toEqual({
      baseUrlEnv: "NEW_API_BASE_URL",
      baseUrl: "https://eu.new.example",
      auth: { type: "bearer", tokenEnv: "NEW_API_TOKEN" },
    });
  });

  it("cuts recursive schemas instead of hanging", async () => {
    scratch = scratchProject("import-recursive");
    write(
      "api.json",
      openapi(
        {
          "/tree": {
            post: { operationId: "plant", requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } } }, responses: ok },
          },
        },
        {
          components: {
            schemas: {
              Node: {
                type: "object",
                title: "Node",
                properties: { value: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Node" } } },
              },
            },
          },
        },
      ),
    );
    expect((await runCli(["import", "openapi", "api.json"], scratch.dir)).code).toBe(0);
    expect(tool("plant").inputSchema.properties.body).toEqual({
      type: "object",
      title: "Node",
      properties: {
        value: { type: "string" },
        children: { type: "array", items: { description: "A recursive schema Node: any value here (the import cuts the loop)." } },
      },
    });
  });

  it("refuses a missing file, a broken one and a document that is no OpenAPI description, with exit 1 and no stack", async () => {
    scratch = scratchProject("import-bad");
    const missing = await runCli(["import", "openapi", "nothing.json"], scratch.dir);
    expect(missing).toEqual({ code: 1, stdout: "", stderr: "nothing.json: no such file\nturbomcp: 1 problem found\n" });
    write("broken.json", '{ "openapi": "3.0.0", ');
    const broken = await runCli(["import", "openapi", "broken.json"], scratch.dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(
      "broken.json:1:23: not a readable OpenAPI description: unexpected end of the stream within a flow collection\nturbomcp: 1 problem found\n",
    );
    expect(broken.stderr).not.toContain("    at ");
    write("other.json", { name: "a package.json" });
    const other = await runCli(["import", "openapi", "other.json"], scratch.dir);
    expect(other.stderr).toBe(
      'other.json: not an OpenAPI description: it has neither "openapi" (3.x) nor "swagger" ("2.0") at the top\nturbomcp: 1 problem found\n',
    );
    write("old.json", { swagger: "1.2", info: {}, paths: {} });
    expect((await runCli(["import", "openapi", "old.json"], scratch.dir)).stderr).toContain('old.json: Swagger "1.2" is not supported: only "2.0"');
    write("manifest.json", "{ not json");
    write("api.json", openapi({ "/a": { get: { responses: ok } } }));
    const badOut = await runCli(["import", "openapi", "api.json"], scratch.dir);
    expect(badOut.code).toBe(1);
    expect(badOut.stderr).toMatch(/^manifest\.json: is not JSON, so the import cannot merge into it: /);
  });

  it("re-imports onto an edited manifest: updates its tools, keeps the user's fields and entries, and says what changed", async () => {
    scratch = scratchProject("import-again");
    const v1 = openapi({
      "/a": { get: { operationId: "keep", summary: "Keep", responses: ok } },
      "/b": { get: { operationId: "change", summary: "Before", responses: ok } },
      "/c": { get: { operationId: "drop", responses: ok } },
    });
    write("api.json", v1);
    expect((await runCli(["import", "openapi", "api.json"], scratch.dir)).code).toBe(0);
    const edited = manifest() as Manifest & { prompts?: unknown };
    edited.dependencies["test-api"] = { ...edited.dependencies["test-api"], timeoutMs: 2000 } as Manifest["dependencies"][string];
    edited.tools[1] = { ...(edited.tools[1] as Tool), scopes: ["b:read"] };
    edited.tools.push({ name: "mine", inputSchema: { type: "object", properties: {} } } as unknown as Tool);
    edited.server.name = "my-server";
    edited.prompts = [{ name: "hello" }];
    write("manifest.json", edited);
    write(
      "api.json",
      openapi({
        "/a": { get: { operationId: "keep", summary: "Keep", responses: ok } },
        "/b": { get: { operationId: "change", summary: "After", responses: ok } },
        "/d": { post: { operationId: "mine", responses: ok } },
      }),
    );
    const again = await runCli(["import", "openapi", "api.json"], scratch.dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      [
        'updated manifest.json: 3 tools from dependency "test-api" (1 added, 1 changed, 1 removed, 1 unchanged)',
        "  added (1): mine_2",
        "  changed (1): change",
        "  removed (1): drop",
        "removed tools' handler files are left in place: delete them when you no longer need them",
        "next: npx turbomcp generate manifest.json",
        "",
      ].join("\n"),
    );
    const after = manifest() as Manifest & { prompts?: unknown };
    expect(after.tools.map((candidate) => candidate.name)).toEqual(["keep", "change", "mine", "mine_2"]);
    expect(tool("change")).toMatchObject({ title: "After", scopes: ["b:read"] });
    expect(after.server.name).toBe("my-server");
    expect(after.prompts).toEqual([{ name: "hello" }]);
    expect(after.dependencies["test-api"]).toMatchObject({ timeoutMs: 2000, http: { baseUrlEnv: "TEST_API_BASE_URL" } });
    // Once more, unchanged: nothing to report but the count.
    expect((await runCli(["import", "openapi", "api.json"], scratch.dir)).stdout).toContain("(0 added, 0 changed, 0 removed, 3 unchanged)");
  });

  it("reads a description from an http URL, resolving a relative server URL against it", async () => {
    scratch = scratchProject("import-url");
    const document = JSON.stringify(openapi({ "/a": { get: { operationId: "a", responses: ok } } }, { servers: [{ url: "/api/v1" }] }));
    const server = createServer((req, res) => {
      if (req.url === "/specs/openapi.json") res.writeHead(200, { "content-type": "application/json" }).end(document);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const result = await runCli(["import", "openapi", `${origin}/specs/openapi.json`], scratch.dir);
      expect(result.stderr).toBe("");
      expect(manifest().dependencies["test-api"]?.http).toEqual({ baseUrlEnv: "TEST_API_BASE_URL", baseUrl: `${origin}/api/v1` });
      const missing = await runCli(["import", "openapi", `${origin}/nothing.json`, "--out", "b.json"], scratch.dir);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(`${origin}/nothing.json: not a readable OpenAPI description: the server answered 404\nturbomcp: 1 problem found\n`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("without an absolute server URL, says which variable to set", async () => {
    scratch = scratchProject("import-no-server");
    write("api.json", openapi({ "/a": { get: { operationId: "a", responses: ok } } }, { servers: [{ url: "/relative" }] }));
    const result = await runCli(["import", "openapi", "api.json"], scratch.dir);
    expect(result.stdout).toContain("note: the description gives no absolute server URL: set TEST_API_BASE_URL before serving\n");
    expect(manifest().dependencies["test-api"]?.http).toEqual({ baseUrlEnv: "TEST_API_BASE_URL" });
  });

  it("generates handlers that call the API, and generate locates a broken upstream record", async () => {
    scratch = scratchProject("import-generate");
    write(
      "api.json",
      openapi({
        "/items/{id}": { get: { operationId: "getItem", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: ok } },
      }),
    );
    expect((await runCli(["import", "openapi", "api.json"], scratch.dir)).code).toBe(0);
    const generated = await runCli(["generate", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(generated.stdout).toContain("  created  src/handlers/tools/get-item.ts  (calls the API; yours to edit)\n");
    expect(readFileSync(path.join(scratch.dir, "src/handlers/tools/get-item.ts"), "utf8")).toContain(
      'return upstreamText(await callUpstream(upstreams["getItem"], input, ctx));',
    );
    const broken = manifest();
    const getItem = broken.tools[0] as Tool;
    getItem.upstream = {
      ...getItem.upstream,
      dependency: "other",
      path: "/items/{id}/{part}",
      parameters: { id: { in: "path", name: "id" }, missing: { in: "query", name: "m" } },
    };
    write("manifest.json", broken);
    const refused = await runCli(["generate", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('/tools/0/upstream/dependency: dependency "other" is not declared with "http" under "dependencies" (with http: test-api)');
    expect(refused.stderr).toContain('/tools/0/upstream/parameters/missing: "missing" is not a property of this tool\'s inputSchema');
    expect(refused.stderr).toContain('/tools/0/upstream/path: "{part}" has no parameter with "in": "path" and "name": "part"');
  });
});
