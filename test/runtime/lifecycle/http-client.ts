/**
 * Just enough HTTP client for the shutdown tests, on `node:http` so each test picks
 * its connections: a keep-alive agent to reuse one connection after the signal, or
 * no agent for a fresh one.
 */
import { request, type Agent, type IncomingHttpHeaders } from "node:http";
import { Inbox, type Message } from "./harness.js";

export interface Posted {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The request went over a kept-alive connection that carried an earlier one. */
  readonly reusedSocket: boolean;
}

export const STATELESS_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
} as const;

export const BASE_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" } as const;

/** A 2026-07-28 request: the metadata in `_meta` and mirrored in headers, as a conforming client sends it. */
export function stateless(id: string, method: string, params: Record<string, unknown> = {}): { body: Message; headers: Record<string, string> } {
  const meta = { ...STATELESS_META, ...(params._meta as Record<string, unknown> | undefined) };
  const headers: Record<string, string> = { ...BASE_HEADERS, "mcp-protocol-version": "2026-07-28", "mcp-method": method };
  if (method === "tools/call" && typeof params.name === "string") headers["mcp-name"] = params.name;
  return { body: { jsonrpc: "2.0", id, method, params: { ...params, _meta: meta } }, headers };
}

/** A `tools/call echo` on 2026-07-28; with `progress`, the answer is an SSE stream that starts at once. */
export function statelessEcho(id: string, steps: number, progress: boolean) {
  return stateless(id, "tools/call", { name: "echo", arguments: { text: id, steps }, ...(progress ? { _meta: { progressToken: id } } : {}) });
}

/** A request on a 2025-11-25 session. */
export function onSession(session: string, body: Message): { body: Message; headers: Record<string, string> } {
  return { body, headers: { ...BASE_HEADERS, "mcp-protocol-version": "2025-11-25", "mcp-session-id": session } };
}

/**
 * POSTs and resolves with the whole response; `onHeaders` is called when the status
 * line arrives (for an SSE answer: the request is running on the server).
 */
export function post(url: string, message: { body: Message; headers: Record<string, string> }, agent: Agent | false, onHeaders?: () => void): Promise<Posted> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: message.headers, agent }, (res) => {
      onHeaders?.();
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, reusedSocket: req.reusedSocket }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(JSON.stringify(message.body));
  });
}

/** GET for a session's standalone SSE stream; resolves with the status once headers arrive, and the end of the stream. */
export function openGetStream(url: string, session: string): Promise<{ status: number; ended: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { accept: "text/event-stream", "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" }, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        const ended = new Promise<string>((done, fail) => {
          res.on("end", () => done(body));
          res.on("error", fail);
        });
        resolve({ status: res.statusCode ?? 0, ended });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** The JSON-RPC messages of an SSE body (`data:` lines), or the one JSON body. */
export function messagesOf(posted: Posted): Message[] {
  if (!String(posted.headers["content-type"]).startsWith("text/event-stream")) return posted.body === "" ? [] : [JSON.parse(posted.body) as Message];
  return (
    posted.body
      .split("\n")
      // A resumable stream's priming event carries an id and empty data.
      .filter((line) => line.startsWith("data: ") && line !== "data: ")
      .map((line) => JSON.parse(line.slice("data: ".length)) as Message)
  );
}

/** The reply to `id` in a response, if it has one. */
export function replyIn(posted: Posted, id: string): Message | undefined {
  return messagesOf(posted).find((message) => message.id === id && !("method" in message));
}

/** Opens a legacy SSE stream: the POST URL it announces, every message on it, and its end (the inbox closes). */
export function openLegacyStream(url: string): Promise<{ messagesUrl: string; inbox: Inbox }> {
  return new Promise((resolve, reject) => {
    const inbox = new Inbox();
    const req = request(url, { headers: { accept: "text/event-stream" }, agent: false }, (res) => {
      let buffered = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffered += chunk;
        for (let end = buffered.indexOf("\n\n"); end !== -1; end = buffered.indexOf("\n\n")) {
          const lines = buffered.slice(0, end).split("\n");
          buffered = buffered.slice(end + 2);
          const event = lines.find((line) => line.startsWith("event: "))?.slice("event: ".length);
          const data = lines.find((line) => line.startsWith("data: "))?.slice("data: ".length);
          if (data === undefined) continue;
          if (event === "endpoint") resolve({ messagesUrl: new URL(data, url).href, inbox });
          else inbox.push(JSON.parse(data) as Message);
        }
      });
      res.on("end", () => inbox.close());
    });
    req.on("error", reject);
    req.end();
  });
}
