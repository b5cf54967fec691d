/**
 * The client calls the middleware scenarios make, over either official SDK: v1
 * (`@modelcontextprotocol/sdk`, every transport) or v2 (`@modelcontextprotocol/client`,
 * which also speaks the 2026-07-28 era). The two differ only in where a call's
 * options go and in v2's response cache, which a scenario reading a log must bypass.
 * Both may raise a JSON-RPC error that came with an HTTP error status as an HTTP
 * error quoting the body; the adapters read the JSON-RPC error back out of it, so a
 * scenario checks the same code on every transport (and the status on its own).
 */
import { SdkHttpError, type Client as ClientV2 } from "@modelcontextprotocol/client";
import type { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

export interface ToolCallResult {
  readonly content: readonly { readonly type: string; readonly text?: string }[];
  readonly isError?: boolean | undefined;
}

/** A JSON-RPC error the server answered with, whichever client and transport carried it. */
export class RpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "RpcFailure";
  }
}

/**
 * A `fetch` for an SDK's HTTP transport that remembers the status of the last POST's
 * response: the clients do not always report it (v2 reads a 400's JSON-RPC error
 * itself), and a scenario checks it.
 */
export function statusRecorder(): { fetch: (url: string | URL, init?: RequestInit) => Promise<Response>; last: () => number | undefined } {
  let last: number | undefined;
  return {
    async fetch(url, init) {
      const response = await fetch(url, init);
      if (init?.method === "POST") last = response.status;
      return response;
    },
    last: () => last,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The JSON-RPC error in a response body the client quoted (after a prefix of its own). */
function errorInBody(text: string): { code: number; message: string } | undefined {
  const start = text.indexOf("{");
  if (start === -1) return undefined;
  try {
    const body: unknown = JSON.parse(text.slice(start));
    const error = isObject(body) && isObject(body.error) ? body.error : undefined;
    return typeof error?.code === "number" && typeof error.message === "string" ? { code: error.code, message: error.message } : undefined;
  } catch {
    return undefined;
  }
}

/** An error carrying a JSON-RPC error (its code, or an HTTP error quoting the body), as an RpcFailure; anything else as it was. */
function readable(error: unknown): unknown {
  let quoted: string | undefined;
  if (error instanceof StreamableHTTPError) quoted = error.message;
  else if (error instanceof SdkHttpError && typeof error.data.text === "string") quoted = error.data.text;
  else if (error instanceof Error && typeof (error as { code?: unknown }).code === "number") {
    return new RpcFailure((error as Error & { code: number }).code, error.message);
  }
  const found = quoted === undefined ? undefined : errorInBody(quoted);
  return found === undefined ? error : new RpcFailure(found.code, found.message);
}

async function answer<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw readable(error);
  }
}

export interface MiddlewareClient {
  callTool(params: { name: string; arguments: Record<string, unknown> }, signal?: AbortSignal): Promise<ToolCallResult>;
  readResource(params: { uri: string }): Promise<{ contents: readonly unknown[] }>;
  getPrompt(params: { name: string; arguments?: Record<string, string> }): Promise<{ messages: readonly { content: unknown }[] }>;
  complete(params: {
    ref: { type: "ref/prompt"; name: string };
    argument: { name: string; value: string };
  }): Promise<{ completion: { values: readonly string[] } }>;
  listTools(): Promise<{ tools: readonly { name: string }[] }>;
  listPrompts(): Promise<unknown>;
  close(): Promise<void>;
}

export function fromV1(client: ClientV1): MiddlewareClient {
  return {
    callTool: async (params, signal) => (await answer(client.callTool(params, undefined, signal === undefined ? undefined : { signal }))) as ToolCallResult,
    readResource: (params) => answer(client.readResource(params)),
    getPrompt: (params) => answer(client.getPrompt(params)),
    complete: (params) => answer(client.complete(params)),
    listTools: () => answer(client.listTools()),
    listPrompts: () => answer(client.listPrompts()),
    close: () => client.close(),
  };
}

export function fromV2(client: ClientV2): MiddlewareClient {
  // Reads and lists fresh each time: `mw://log` changes between reads, whatever hint the server gave.
  const fresh = { cacheMode: "bypass" } as const;
  return {
    callTool: (params, signal) => answer(client.callTool(params, signal === undefined ? undefined : { signal })),
    readResource: (params) => answer(client.readResource(params, fresh)),
    getPrompt: (params) => answer(client.getPrompt(params)),
    complete: (params) => answer(client.complete(params)),
    listTools: () => answer(client.listTools(undefined, fresh)),
    listPrompts: () => answer(client.listPrompts(undefined, fresh)),
    close: () => client.close(),
  };
}
