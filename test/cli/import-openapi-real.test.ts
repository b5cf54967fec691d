/**
 * `turbomcp import openapi` on real public API descriptions (test/fixtures/openapi,
 * with their sources and licenses): each imports, generates, passes `check --strict`
 * (the imported handlers are real implementations, and every project type-checks in
 * one program) and lists its tools over MCP. The Petstore server is then started as
 * its own process and called with the official SDK client: its tools reach a fake
 * upstream on loopback, and the upstream's answers, errors included, come back
 * through MCP.
 */
import { cpSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModel } from "../../packages/cli/src/pipeline.js";
import type { RouteTable } from "../../packages/runtime/src/index.js";
import { runCli } from "../helpers/cli.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";
import { typecheckFolder } from "../helpers/typecheck-folder.js";
import { memoryClient } from "../runtime/helpers/memory-client.js";

const FIXTURES = path.join(repoRoot, "test/fixtures/openapi");

/** Each description with the filters that keep it under the default tool bound, and the tools it gives. */
const CASES: readonly { readonly file: string; readonly args: readonly string[]; readonly tools: number }[] = [
  { file: "petstore-3.0.json", args: [], tools: 20 },
  { file: "petstore-2.0.json", args: [], tools: 20 },
  { file: "train-travel-3.1.json", args: [], tools: 7 },
  { file: "uspto-3.0.json", args: [], tools: 3 },
  { file: "star-trek-3.0.json", args: ["--tag", "Animal", "Book", "Character", "Spacecraft"], tools: 12 },
  // Labels and milestones: every method, with bodies; the whole tag (58 operations) is over the bound.
  {
    file: "github-issues-3.0.json",
    args: [
      "--path",
      "/repos/*/*/labels",
      "/repos/*/*/labels/**",
      "/repos/*/*/milestones",
      "/repos/*/*/milestones/**",
      "/repos/*/*/issues/*/labels",
      "/repos/*/*/issues/*/labels/*",
    ],
    tools: 16,
  },
  { file: "circular-3.0.json", args: [], tools: 1 },
];

let scratch: Scratch;
const folder = (file: string): string => path.join(scratch.dir, path.basename(file, ".json"));

beforeAll(() => {
  scratch = scratchProject("import-real");
  for (const { file } of CASES) cpSync(path.join(FIXTURES, file), path.join(folder(file), file));
});
afterAll(() => scratch.remove());

describe("importing real descriptions", () => {
  describe.each(CASES)("$file", ({ file, args, tools }) => {
    it("imports, generates, passes check --strict and lists its tools", async () => {
      const dir = folder(file);
      const imported = await runCli(["import", "openapi", file, ...args], dir);
      expect(imported.stderr).toBe("");
      expect(imported.code).toBe(0);
      // The type check runs once for every project, below.
      const generated = await runCli(["generate", "--quiet", "--no-typecheck", "manifest.json"], dir);
      expect(generated.stderr).toBe("");
      expect(generated.code).toBe(0);
      const checked = await runCli(["check", "--strict", "--no-typecheck", "manifest.json"], dir);
      expect(checked.stderr).toBe("");
      expect(checked.code).toBe(0);
      const model = await buildModel("manifest.json", dir);
      expect(model.tools).toHaveLength(tools);
      const routesFile = path.join(dir, model.codegen.generatedDir, "routes.gen.ts");
      const { routes } = (await import(pathToFileURL(routesFile).href)) as { routes: RouteTable };
      const client = memoryClient(routes);
      await client.initialize();
      const listed = await client.request("tools/list", {});
      const names = (listed.result?.tools as { name: string }[]).map((tool) => tool.name);
      expect(names).toEqual(model.tools.map((tool) => tool.name));
      // Seconds alone; several times that on a 2-core machine shared with other work.
    }, 120_000);
  });

  it("type-checks, every imported project in one program", () => {
    expect(typecheckFolder(scratch.dir)).toEqual([]);
  }, 180_000);
});

/** The fake Petstore: a pet by id, 404 for id 404, 500 for id 500; it records what it was sent. */
class FakePetstore {
  readonly seen: { method: string; url: string; authorization?: string; body: string }[] = [];
  readonly #server: Server = createServer((req, res) => this.#answer(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/v2`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #answer(req: IncomingMessage, res: ServerResponse): void {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const url = req.url ?? "";
      this.seen.push({ method: req.method ?? "", url, body, ...(req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization }) });
      const json = (status: number, value: unknown): void => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      const id = /^\/v2\/pet\/(\d+)$/.exec(url)?.[1];
      if (req.method === "GET" && id === "404") json(404, { code: 1, type: "error", message: "Pet not found" });
      else if (req.method === "GET" && id === "500") res.writeHead(500, { "content-type": "text/plain" }).end("the database is down");
      else if (req.method === "GET" && id !== undefined) json(200, { id: Number(id), name: "Rex", photoUrls: [], status: "available" });
      else if (req.method === "POST" && url === "/v2/pet") json(200, { id: 99, ...(JSON.parse(body) as object) });
      else if (req.method === "GET" && url.startsWith("/v2/pet/findByStatus")) json(200, [{ id: 1, name: "Tom", photoUrls: [] }]);
      else json(400, { message: `unexpected ${req.method ?? ""} ${url}` });
    });
  }
}

describe("an imported server calling its upstream", () => {
  const upstream = new FakePetstore();
  let client: Client;

  beforeAll(async () => {
    const base = await upstream.start();
    const dir = folder("petstore-3.0.json");
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", "--conditions=turbomcp-source", "src/generated/server.gen.ts"],
      cwd: dir,
      stderr: "pipe",
      env: { ...(process.env as Record<string, string>), SWAGGER_PETSTORE_BASE_URL: base, SWAGGER_PETSTORE_TOKEN: "petstore-secret" },
    });
    client = new Client({ name: "import-test", version: "1.0.0" });
    await client.connect(transport);
  }, 60_000);
  afterAll(async () => {
    await client.close();
    await upstream.stop();
  });

  it("returns the upstream's answer as structured content, having sent the path, the token and the body", async () => {
    const pet = await client.callTool({ name: "getPetById", arguments: { petId: 7 } });
    expect(pet.isError).not.toBe(true);
    expect(pet.structuredContent).toEqual({ id: 7, name: "Rex", photoUrls: [], status: "available" });
    expect(upstream.seen.at(-1)).toEqual({ method: "GET", url: "/v2/pet/7", authorization: "Bearer petstore-secret", body: "" });

    const added = await client.callTool({ name: "addPet", arguments: { body: { name: "Fido", photoUrls: ["p.png"] } } });
    // addPet's description has no 2xx answer body, so no outputSchema: the answer comes back as JSON text.
    expect(JSON.parse((added.content as { text: string }[])[0]?.text ?? "")).toEqual({ id: 99, name: "Fido", photoUrls: ["p.png"] });
    expect(upstream.seen.at(-1)).toMatchObject({ method: "POST", url: "/v2/pet", body: '{"name":"Fido","photoUrls":["p.png"]}' });

    // An array answer has no outputSchema: it comes back as JSON text.
    const found = await client.callTool({ name: "findPetsByStatus", arguments: { status: ["sold", "pending"] } });
    expect(upstream.seen.at(-1)?.url).toBe("/v2/pet/findByStatus?status=sold&status=pending");
    expect(JSON.parse((found.content as { text: string }[])[0]?.text ?? "")).toEqual([{ id: 1, name: "Tom", photoUrls: [] }]);
  });

  it("maps an error status to an isError result the model reads", async () => {
    const missing = await client.callTool({ name: "getPetById", arguments: { petId: 404 } });
    expect(missing.isError).toBe(true);
    expect(missing.content).toEqual([{ type: "text", text: 'GET /pet/{petId} answered 404 Not Found: {"code":1,"type":"error","message":"Pet not found"}' }]);
    const down = await client.callTool({ name: "getPetById", arguments: { petId: 500 } });
    expect(down.isError).toBe(true);
    expect(down.content).toEqual([{ type: "text", text: "GET /pet/{petId} answered 500 Internal Server Error: the database is down" }]);
  });
});
