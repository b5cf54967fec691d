/**
 * The generated typed client (`client.gen.ts`) over its three connection kinds,
 * against the generated examples: in process (no network), over Streamable HTTP on
 * loopback, and to a spawned stdio process. The same checks run on each: typed
 * tool results (structured output and plain CallToolResult), `isError` results as
 * `ToolResultError`, JSON-RPC errors as the SDK's `McpError` with their code,
 * resource templates with typed variables, and prompts.
 */
import path from "node:path";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { listenHttp, type HttpListener } from "@turbomcp/runtime/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as calculator from "../../examples/calculator/src/generated/client.gen.js";
import { routes as calculatorRoutes } from "../../examples/calculator/src/generated/routes.gen.js";
import * as notes from "../../examples/notes/src/generated/client.gen.js";
import { routes as notesRoutes } from "../../examples/notes/src/generated/routes.gen.js";
import { repoRoot } from "../helpers/scratch.js";

const QUIET = { logger: { error: () => {}, warn: () => {}, info: () => {} } };

/** How the test starts an example's server from its sources, over stdio. */
function stdioServer(example: string): { command: string; args: string[]; cwd: string; stderr: "pipe" } {
  const entry = path.join(repoRoot, "examples", example, "src/generated/server.gen.ts");
  return { command: process.execPath, args: ["--import", "tsx", "--conditions=turbomcp-source", entry, "--transport", "stdio"], cwd: repoRoot, stderr: "pipe" };
}

const listeners: HttpListener[] = [];
const urls = { calculator: "", notes: "" };

beforeAll(async () => {
  const [one, two] = await Promise.all([listenHttp(calculatorRoutes, { port: 0, ...QUIET }), listenHttp(notesRoutes, { port: 0, ...QUIET })]);
  listeners.push(one, two);
  urls.calculator = one.url;
  urls.notes = two.url;
});

afterAll(async () => {
  await Promise.all(listeners.map((listener) => listener.close()));
});

const KINDS = [
  {
    kind: "in process",
    calculator: () => calculator.connectInProcess({ server: QUIET }),
    notes: () => notes.connectInProcess({ server: QUIET }),
  },
  { kind: "Streamable HTTP", calculator: () => calculator.connectUrl(urls.calculator), notes: () => notes.connectUrl(urls.notes) },
  { kind: "stdio process", calculator: () => calculator.connectStdio(stdioServer("calculator")), notes: () => notes.connectStdio(stdioServer("notes")) },
] as const;

/** The JSON-RPC code `action` fails with. */
async function errorCode(action: () => Promise<unknown>): Promise<number> {
  const error: unknown = await action().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(McpError);
  return (error as McpError).code;
}

describe.each(KINDS)("the typed client, $kind", (kind) => {
  it("calls the calculator's tools with typed inputs and outputs, and throws ToolResultError on isError", async () => {
    const client = await kind.calculator();
    try {
      // Structured output: the tool's output type, not a CallToolResult.
      const divided: { quotient: number; remainder: number } = await client.tools.divide({ a: 17, b: 5 });
      expect(divided).toEqual({ quotient: 3, remainder: 2 });
      // No output schema: the CallToolResult as it came.
      expect((await client.tools.add({ a: 2, b: 3 })).content).toEqual([{ type: "text", text: "5" }]);

      const failed: unknown = await client.tools.divide({ a: 1, b: 0 }).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(calculator.ToolResultError);
      const toolError = failed as calculator.ToolResultError;
      expect(toolError.tool).toBe("divide");
      expect(toolError.message).toBe('tool "divide" returned an error: cannot divide by zero');
      expect(toolError.result.content).toEqual([{ type: "text", text: "cannot divide by zero" }]);

      // Progress reaches the SDK's request options.
      const progress: number[] = [];
      const values = Array.from({ length: 2000 }, (_, index) => index + 1);
      expect(await client.tools.sum({ values }, { onprogress: (update) => progress.push(update.progress) })).toEqual({ total: 2_001_000, count: 2000 });
      expect(progress.every((value, index) => index === 0 || value > (progress[index - 1] ?? 0))).toBe(true);

      // A tool the server lacks is a JSON-RPC error; the SDK client underneath reaches it.
      expect(await errorCode(() => client.sdk.callTool({ name: "nope", arguments: {} }))).toBe(-32602);
    } finally {
      await client.close();
    }
  });

  it("reads the notes' resources and templates with typed variables, gets prompts, and surfaces JSON-RPC codes", async () => {
    const client = await kind.notes();
    try {
      const created = await client.tools.create_note({ title: "Typed", body: "Written through the typed client.", tags: ["work"] });
      expect(created).toMatchObject({ title: "Typed", tags: ["work"], uri: `notes://${created.id}` });

      const note = await client.resourceTemplates.note({ id: created.id });
      expect(note.contents).toEqual([
        { uri: `notes://${created.id}`, mimeType: "text/markdown", text: "# Typed\n\nWritten through the typed client.\n\nTags: work\n" },
      ]);
      const tagged = await client.resourceTemplates["notes-by-tag"]({ tag: "work" });
      const first = tagged.contents[0];
      expect(first !== undefined && "text" in first ? JSON.parse(first.text) : undefined).toContainEqual({
        id: created.id,
        title: "Typed",
        uri: `notes://${created.id}`,
      });
      expect((await client.resources.read("notes://index")).contents[0]?.mimeType).toBe("application/json");

      const summary = await client.prompts.summarize_note({ id: String(created.id), style: "brief" });
      expect(summary.messages.length).toBeGreaterThan(0);
      expect((await client.prompts.daily_review()).messages.length).toBeGreaterThan(0);

      // JSON-RPC errors are thrown as McpError with the code: resource not found, invalid params.
      expect(await errorCode(() => client.resources.read("notes://999999"))).toBe(-32002);
      expect(await errorCode(() => client.prompts.summarize_note({ id: "999999" }))).toBe(-32602);
    } finally {
      await client.close();
    }
  });
});
