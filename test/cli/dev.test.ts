/**
 * `turbomcp dev` on a real process, with the official SDK v1 client (a 2025-11-25
 * session) and v2 client (2026-07-28, its list-change subscription) connected to it
 * the whole time: a handler edit changes behaviour and keeps the state of modules
 * that did not change; a manifest edit (a tool added, a schema changed, a prompt
 * removed) reaches both connections as list changes; a broken manifest, a handler
 * that does not compile and a table needing a restart leave the last good table serving;
 * type errors are reported after the reload, from a type check in the background.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Client as ClientV2, StreamableHTTPClientTransport as HttpV2 } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { PromptListChangedNotificationSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";
import { type Started, startEntry } from "../runtime/production/kit.js";

const CLI_ENTRY = path.join(repoRoot, "test/helpers/cli-entry.ts");

const ECHO_SCHEMA = { type: "object", properties: { text: { type: "string" } }, required: ["text"], additionalProperties: false };

function manifest(extra: { tools?: object[]; prompts?: object[]; echoSchema?: object; auth?: object } = {}): object {
  return {
    server: { name: "dev-test", version: "1.0.0" },
    tools: [
      { name: "echo", description: "Says the text back.", inputSchema: extra.echoSchema ?? ECHO_SCHEMA },
      { name: "count", description: "Counts its calls.", inputSchema: { type: "object", properties: {}, additionalProperties: false } },
      ...(extra.tools ?? []),
    ],
    prompts: extra.prompts ?? [{ name: "greet", description: "A greeting." }],
    ...(extra.auth === undefined ? {} : { auth: extra.auth }),
  };
}

async function until(what: string, check: () => boolean, server: Started): Promise<void> {
  // Waits for a state, never asserts on time: the bound only stops a broken run.
  for (let attempt = 0; attempt < 600; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}; server stderr:\n${server.stderr()}`);
}

function text(result: unknown): string | undefined {
  return (result as { content?: { text?: string }[] }).content?.[0]?.text;
}

describe("turbomcp dev", { timeout: 120_000 }, () => {
  let scratch: Scratch;
  let server: Started;
  let v1: Client;
  let v2: ClientV2;
  const heardV1: string[] = [];
  const heardV2: string[] = [];
  /** Status lines printed so far; each step waits for one more. */
  const statusLines = (): string[] =>
    server
      .stderr()
      .split("\n")
      .filter((line) => line.startsWith("turbomcp dev: ") && line.includes(" changed"));
  const write = (file: string, contents: string | object): void => {
    mkdirSync(path.dirname(path.join(scratch.dir, file)), { recursive: true });
    writeFileSync(path.join(scratch.dir, file), typeof contents === "string" ? contents : `${JSON.stringify(contents, null, 2)}\n`);
  };
  /** Writes (or, given null, deletes) a file and waits for the reload it causes. */
  async function edit(file: string, contents: string | object | null): Promise<string> {
    const before = statusLines().length;
    if (contents === null) rmSync(path.join(scratch.dir, file));
    else write(file, contents);
    await until(`a status line after editing ${file}`, () => statusLines().length > before, server);
    return statusLines().at(-1) ?? "";
  }

  beforeAll(async () => {
    scratch = scratchProject("dev");
    write("manifest.json", manifest());
    // Handlers written before the first generate: it keeps them (stubs are created only where none exists).
    write("src/handlers/tools/echo.ts", "export async function echo(input: { text: string }) {\n  return `echo: ${input.text}`;\n}\n");
    write("src/handlers/tools/count.ts", "let calls = 0;\nexport async function count() {\n  calls += 1;\n  return String(calls);\n}\n");
    write("src/handlers/prompts/greet.ts", 'export async function greet() {\n  return "Hello!";\n}\n');
    server = await startEntry(CLI_ENTRY, ["dev", "--transport", "http", "--port", "0"], {}, scratch.dir);
    v1 = new Client({ name: "dev-test-v1", version: "1" });
    v1.setNotificationHandler(ToolListChangedNotificationSchema, () => void heardV1.push("tools"));
    v1.setNotificationHandler(PromptListChangedNotificationSchema, () => void heardV1.push("prompts"));
    await v1.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    v2 = new ClientV2(
      { name: "dev-test-v2", version: "1" },
      {
        versionNegotiation: { mode: { pin: "2026-07-28" } },
        listChanged: {
          tools: { autoRefresh: false, debounceMs: 0, onChanged: () => void heardV2.push("tools") },
          prompts: { autoRefresh: false, debounceMs: 0, onChanged: () => void heardV2.push("prompts") },
        },
      },
    );
    await v2.connect(new HttpV2(new URL(server.url)));
  }, 60_000);

  afterAll(async () => {
    await v1?.close();
    await v2?.close();
    await server?.stop();
    scratch?.remove();
  });

  it("declares listChanged on both eras and serves the handlers as written", async () => {
    expect(v1.getServerCapabilities()).toMatchObject({ tools: { listChanged: true }, prompts: { listChanged: true } });
    expect(v2.getNegotiatedProtocolVersion()).toBe("2026-07-28");
    expect(text(await v1.callTool({ name: "echo", arguments: { text: "hi" } }))).toBe("echo: hi");
    expect(text(await v2.callTool({ name: "echo", arguments: { text: "hi" } }))).toBe("echo: hi");
    expect(text(await v1.callTool({ name: "count", arguments: {} }))).toBe("1");
  });

  it("reloads an edited handler on the same connections, keeping the state of the modules that did not change", async () => {
    const status = await edit("src/handlers/tools/echo.ts", "export async function echo(input: { text: string }) {\n  return `ECHO: ${input.text}`;\n}\n");
    expect(status).toMatch(/^turbomcp dev: src\/handlers\/tools\/echo\.ts changed; reloaded in \d+ ms: no list changed$/);
    expect(text(await v1.callTool({ name: "echo", arguments: { text: "hi" } }))).toBe("ECHO: hi");
    expect(text(await v2.callTool({ name: "echo", arguments: { text: "hi" } }))).toBe("ECHO: hi");
    // count.ts was not edited: its module, and its counter, carried over.
    expect(text(await v2.callTool({ name: "count", arguments: {} }))).toBe("2");
    // A handler edit changes no list: nobody was told otherwise.
    expect([...heardV1, ...heardV2]).toEqual([]);
  });

  it("applies a manifest edit (a tool added, a schema changed, a prompt removed) and both clients hear which lists changed", async () => {
    const wider = { ...ECHO_SCHEMA, properties: { ...ECHO_SCHEMA.properties, loud: { type: "boolean" } } };
    const status = await edit(
      "manifest.json",
      manifest({ echoSchema: wider, prompts: [], tools: [{ name: "shout", description: "Not written yet.", inputSchema: ECHO_SCHEMA }] }),
    );
    expect(status).toMatch(
      /manifest\.json changed; regenerated \d+ files; created 1 stub: src\/handlers\/tools\/shout\.ts; reloaded in \d+ ms: tools ~echo \+shout; prompts -greet$/,
    );
    await until(
      "tools and prompts list_changed on both connections",
      () => ["tools", "prompts"].every((kind) => heardV1.includes(kind) && heardV2.includes(kind)),
      server,
    );

    for (const client of [v1, v2] as const) {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(["echo", "count", "shout"]);
      expect(tools[0]?.inputSchema.properties).toHaveProperty("loud");
      expect((await client.listPrompts()).prompts).toEqual([]);
    }
    // The new schema is enforced: `loud` is accepted now, an unknown property still is not.
    expect(text(await v1.callTool({ name: "echo", arguments: { text: "a", loud: true } }))).toBe("ECHO: a");
    expect(await v1.callTool({ name: "echo", arguments: { text: "a", quiet: true } })).toMatchObject({ isError: true });
    // The new tool's stub was created and answers as a stub does.
    expect(text(await v2.callTool({ name: "shout", arguments: { text: "a" } }))).toMatch(/not implemented yet/);
  });

  it("keeps the last good table serving while the manifest is broken, and resumes when it is mended", async () => {
    heardV1.length = 0;
    const broken = await edit("manifest.json", '{ "server": { "name": "dev-test", "version": "1.0.0" }, "tools": [ }');
    expect(broken).toMatch(/manifest\.json changed; the manifest has errors, the last good table keeps serving:$/);
    expect(server.stderr()).toMatch(/manifest\.json:1:\d+/);
    expect((await v1.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "count", "shout"]);
    expect(text(await v1.callTool({ name: "echo", arguments: { text: "still" } }))).toBe("ECHO: still");

    const mended = await edit("manifest.json", manifest());
    expect(mended).toMatch(/reloaded in \d+ ms: tools ~echo -shout; prompts \+greet$/);
    await until("the list changes of the mended manifest", () => heardV1.includes("tools") && heardV1.includes("prompts"), server);
    // shout's handler is an orphan now (its types are gone): deleted, as `generate` would advise.
    expect(await edit("src/handlers/tools/shout.ts", null)).toMatch(/shout\.ts changed; reloaded in \d+ ms: no list changed$/);
  });

  it("keeps the last good table serving while a handler does not compile, naming file, line and column", async () => {
    const broken = await edit("src/handlers/tools/echo.ts", "export async function echo(input: { text: string }) {\n  return `oops ${input.text`;\n}\n");
    expect(broken).toMatch(/echo\.ts changed; it does not load, the last good table keeps serving:$/);
    expect(server.stderr()).toMatch(/src\/handlers\/tools\/echo\.ts:\d+:\d+: ERROR/);
    expect(text(await v2.callTool({ name: "echo", arguments: { text: "hi" } }))).toBe("ECHO: hi");

    write("src/format.ts", "export const decorate = (text: string): string => `fixed: ${text}`;\n");
    await edit(
      "src/handlers/tools/echo.ts",
      'import { decorate } from "../../format.js";\nexport async function echo(input: { text: string }) {\n  return decorate(input.text);\n}\n',
    );
    expect(text(await v2.callTool({ name: "echo", arguments: { text: "hi" } }))).toBe("fixed: hi");
  });

  it("reloads a handler when a module it imports changes", async () => {
    const status = await edit("src/format.ts", "export const decorate = (text: string): string => `formatted: ${text}`;\n");
    expect(status).toMatch(/^turbomcp dev: src\/format\.ts changed; reloaded in \d+ ms: no list changed$/);
    expect(text(await v1.callTool({ name: "echo", arguments: { text: "hi" } }))).toBe("formatted: hi");
  });

  it("reports type errors after a reload (the code runs as written) and says when they are gone", async () => {
    const typeLines = (): string[] =>
      server
        .stderr()
        .split("\n")
        .filter((line) => line.startsWith("turbomcp dev: types"));
    const before = typeLines().length;
    await edit("src/handlers/tools/count.ts", 'let calls = 0;\nexport async function count() {\n  calls = "many";\n  return String(calls);\n}\n');
    await until("a type report", () => typeLines().length > before, server);
    expect(typeLines().at(-1)).toMatch(/^turbomcp dev: types: 1 type error \(the server runs the code as it is; `turbomcp check` fails on them\):$/);
    expect(server.stderr()).toMatch(/ {2}src\/handlers\/tools\/count\.ts:3:3 Type 'string' is not assignable to type 'number'\./);
    expect(text(await v1.callTool({ name: "count", arguments: {} }))).toBe("many");

    await edit("src/handlers/tools/count.ts", "let calls = 0;\nexport async function count() {\n  calls += 1;\n  return String(calls);\n}\n");
    await until("the all-clear", () => typeLines().at(-1) === "turbomcp dev: types: no errors", server);
  });

  it("refuses, until a restart, a change the running server cannot take (auth), and keeps serving", async () => {
    const status = await edit("manifest.json", manifest({ auth: { schemes: [{ type: "apiKey", header: "x-api-key", keysEnv: "DEV_TEST_KEYS" }] } }));
    expect(status).toMatch(/restart `turbomcp dev` to apply it \(the last good table keeps serving\): .*auth/);
    expect(text(await v1.callTool({ name: "echo", arguments: { text: "hi" } }))).toBe("formatted: hi");
  });
});
