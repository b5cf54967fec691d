/**
 * The middleware chain end to end: the fixture server (test/fixtures/runtime/middleware-routes.ts)
 * run through `runMain` in its own process with middleware declared in code, and the
 * official SDK client, over stdio and Streamable HTTP.
 */
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEntry } from "../production/kit.js";
import { REPO_ROOT, entryArgs } from "../transports/served.js";

const ENTRY = fileURLToPath(new URL("../../fixtures/runtime/middleware-server.ts", import.meta.url));

interface Served {
  readonly client: Client;
  stderr(): string;
  stop(): Promise<void>;
}

const transports: readonly { readonly name: string; readonly start: () => Promise<Served> }[] = [
  {
    name: "stdio",
    async start() {
      let stderr = "";
      const transport = new StdioClientTransport({ command: process.execPath, args: entryArgs(ENTRY, "--transport", "stdio"), cwd: REPO_ROOT, stderr: "pipe" });
      transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const client = new Client({ name: "middleware-test", version: "1" });
      await client.connect(transport);
      return { client, stderr: () => stderr, stop: () => client.close() };
    },
  },
  {
    name: "Streamable HTTP",
    async start() {
      const server = await startEntry(ENTRY, ["--transport", "http", "--port", "0"]);
      const client = new Client({ name: "middleware-test", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      return {
        client,
        stderr: () => server.stderr(),
        async stop() {
          await client.close();
          await server.stop();
        },
      };
    },
  },
];

interface ToolAnswer {
  readonly text: string;
  readonly isError: boolean;
}

async function until(what: string, check: () => boolean): Promise<void> {
  // Waits for a state, never asserts on time: the bound only stops a broken run.
  for (let attempt = 0; attempt < 200; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.each(transports)("middleware over $name, with the SDK client", { timeout: 60_000 }, ({ name, start }) => {
  let served: Served;

  const call = async (name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> => {
    const result = (await served.client.callTool({ name, arguments: args })) as { content: { type: string; text?: string }[]; isError?: boolean };
    return { text: result.content.map((block) => block.text ?? "").join(""), isError: result.isError === true };
  };
  /** What the family middleware saw since the last read, without this read's own entry. */
  const seen = async (): Promise<string[]> => {
    const result = await served.client.readResource({ uri: "mw://log" });
    const first = result.contents[0] as { text: string };
    return (JSON.parse(first.text) as string[]).filter((entry) => entry !== "resource:mw://log");
  };
  const protocolError = async (work: Promise<unknown>): Promise<{ code: number; message: string }> => {
    const error: unknown = await work.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    // An SdkError carries the JSON-RPC code; the SDK's HTTP transport's error, the HTTP status.
    expect(error).toBeInstanceOf(Error);
    return { code: (error as { code: number }).code, message: (error as Error).message };
  };

  beforeAll(async () => {
    served = await start();
  });

  afterAll(async () => {
    await served?.stop();
  });

  it("runs two middleware outer → inner → handler → inner → outer, changing arguments before and the result after", async () => {
    expect(await call("order")).toEqual({ text: "A-in,B-in,handler,B-out,A-out", isError: false });
  });

  it("short-circuits: the middleware's result goes back and the handler never runs", async () => {
    expect(await call("guarded")).toEqual({ text: "short-circuited", isError: false });
    expect(served.stderr()).not.toContain("the handler ran");
  });

  it("changes the arguments before validation: a filled required argument makes the call valid", async () => {
    expect(await call("needs-text", { text: "mine" })).toEqual({ text: "got mine", isError: false });
    expect(await call("needs-text")).toEqual({ text: "got filled by middleware", isError: false });
    // The prompt's required argument likewise.
    const prompt = await served.client.getPrompt({ name: "greet" });
    expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "Hello, middleware" });
  });

  it("maps a ToolError to an isError result with its message", async () => {
    expect(await call("refused")).toEqual({ text: "refused by middleware", isError: true });
  });

  it("maps any other exception to an internal error for the client and a logged stack on the server", async () => {
    expect(await call("buggy")).toEqual({ text: "Internal error while running tool buggy", isError: true });
    const read = await protocolError(served.client.readResource({ uri: "mw://bug" }));
    expect(read).toMatchObject({ code: -32603 });
    expect(read.message).not.toContain("resource middleware bug");
    await until("the stacks on stderr", () => served.stderr().includes("resource middleware bug"));
    expect(served.stderr()).toMatch(/tool middleware bug\n\s+at /);
    expect(served.stderr()).toMatch(/resource middleware bug\n\s+at /);
    // The server lives on.
    expect(await call("order")).toMatchObject({ isError: false });
  });

  it("keeps an McpError's meaning: a JSON-RPC error, for a tool call and for a list", async () => {
    const tool = await protocolError(served.client.callTool({ name: "protocol", arguments: {} }));
    expect(tool).toMatchObject({ code: -32602 });
    expect(tool.message).toContain("by middleware");
    const listed = await protocolError(served.client.listPrompts());
    // A refusal (-32003) travels over HTTP as a 403, as the runtime's own refusals do (refusal-reply.ts).
    expect(listed.code).toBe(name === "stdio" ? -32003 : 403);
    expect(listed.message).toContain("prompts are not listed for you");
  });

  it("runs each family's middleware only for its own methods", async () => {
    await seen();
    await call("order");
    expect(await seen()).toEqual(["tool:order"]);
    await served.client.getPrompt({ name: "greet", arguments: { who: "bob" } });
    expect(await seen()).toEqual(["prompt:greet"]);
    const completed = await served.client.complete({ ref: { type: "ref/prompt", name: "greet" }, argument: { name: "who", value: "al" } });
    expect(completed.completion.values).toEqual(["alice"]);
    expect(await seen()).toEqual(["completion:greet"]);
    const tools = await served.client.listTools();
    expect(tools.tools.map((each) => each.name)).toContain("order");
    expect(await seen()).toEqual(["list:tools/list"]);
  });

  it("gives middleware the request context: a live signal, the request id, the protocol version", async () => {
    const facts = JSON.parse((await call("whoami")).text) as Record<string, unknown>;
    expect(facts).toMatchObject({ signal: true });
    expect(["string", "number"]).toContain(facts.requestId);
    expect(typeof facts.version).toBe("string");
  });
});
