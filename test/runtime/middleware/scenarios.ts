/**
 * The middleware scenarios every transport runs (STYLE.md: one shared suite per
 * interface): the fixture server (test/fixtures/runtime/middleware-routes.ts) run
 * through `runMain` in its own process with middleware declared in code, driven by
 * the official SDK clients (v1; v2 for 2026-07-28; clients.ts). Each transport's
 * test file says how to start the server and connect; the scenarios are the same.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killLeftovers } from "../transports/served.js";
import { RpcFailure, type MiddlewareClient } from "./clients.js";

export const MIDDLEWARE_ENTRY = fileURLToPath(new URL("../../fixtures/runtime/middleware-server.ts", import.meta.url));

/** A middleware server on one transport, with a connected SDK client. */
export interface MiddlewareServed {
  readonly client: MiddlewareClient;
  /** The protocol version the client asked for, which the server must have negotiated. */
  readonly protocolVersion: string;
  /** Everything the server process wrote on stderr. */
  stderr(): string;
  /** HTTP transports: the status of the last POST's response. */
  lastHttpStatus?(): number | undefined;
  stop(): Promise<unknown>;
}

export interface MiddlewareTarget {
  readonly name: string;
  start(): Promise<MiddlewareServed>;
  /**
   * The HTTP status each JSON-RPC error code comes with on this transport (checked
   * where `lastHttpStatus` reads it); a code not listed comes with a 200, or on a stream.
   */
  readonly errorStatuses: Readonly<Record<number, number>>;
}

interface ToolAnswer {
  readonly text: string;
  readonly isError: boolean;
}

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  // Waits for a state, never asserts on time: the bound only stops a broken run.
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Runs every middleware scenario against one transport. */
export function middlewareScenarios(target: MiddlewareTarget): void {
  describe(`middleware over ${target.name}, with the SDK client`, { timeout: 60_000 }, () => {
    let served: MiddlewareServed;

    const call = async (name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> => {
      const result = await served.client.callTool({ name, arguments: args });
      return { text: result.content.map((block) => block.text ?? "").join(""), isError: result.isError === true };
    };
    /** What the family middleware saw since the last read, without this read's own entry. */
    const seen = async (): Promise<string[]> => {
      const result = await served.client.readResource({ uri: "mw://log" });
      const first = result.contents[0] as { text: string };
      return (JSON.parse(first.text) as string[]).filter((entry) => entry !== "resource:mw://log");
    };
    /** The JSON-RPC error `work` failed with, checked to have come with this transport's HTTP status for it. */
    const protocolError = async (work: Promise<unknown>): Promise<RpcFailure> => {
      const error: unknown = await work.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(RpcFailure);
      const failure = error as RpcFailure;
      if (served.lastHttpStatus) expect(served.lastHttpStatus(), `the HTTP status of ${failure.code}`).toBe(target.errorStatuses[failure.code] ?? 200);
      return failure;
    };

    beforeAll(async () => {
      served = await target.start();
    });

    afterAll(async () => {
      await served?.stop();
      killLeftovers();
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
      expect(listed.code).toBe(-32003);
      expect(listed.message).toContain("prompts are not listed for you");
    });

    it("aborts the middleware's signal when the client cancels the call, and serves on", async () => {
      const log: string[] = [];
      const saw = (entry: string) => async (): Promise<boolean> => {
        log.push(...(await seen()));
        return log.includes(entry);
      };
      const controller = new AbortController();
      const cancelled = served.client.callTool({ name: "waits", arguments: {} }, controller.signal);
      await until("the call in the middleware", saw("tool:waits"));
      controller.abort(new Error("changed my mind"));
      await expect(cancelled).rejects.toThrow(/changed my mind/);
      await until("the middleware's signal to abort", saw("aborted:waits"));
      expect(await call("order")).toEqual({ text: "A-in,B-in,handler,B-out,A-out", isError: false });
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

    it("gives middleware the request context: a live signal, the request id, the negotiated protocol version", async () => {
      const facts = JSON.parse((await call("whoami")).text) as Record<string, unknown>;
      expect(facts).toMatchObject({ signal: true });
      expect(["string", "number"]).toContain(facts.requestId);
      expect(facts.version).toBe(served.protocolVersion);
    });
  });
}
