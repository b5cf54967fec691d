/**
 * What an SDK client sent through the balancer, request by request, and which
 * instance answered each (`x-turbomcp-backend`): a `fetch` for the official clients'
 * Streamable HTTP transports that records every request, and that can cut the next
 * POST event stream after a chosen event, as a dropped connection would.
 */
import { BACKEND_HEADER } from "../../helpers/cluster.js";
import { postOnOwnSocket } from "./own-socket-post.js";

export interface Exchange {
  /** The `X-Request-Id` it carried: how HAProxy's access log names it. */
  readonly requestId: string;
  /** GET, POST or DELETE. */
  readonly http: string;
  /** The JSON-RPC method sent, `response` for a client's answer, `batch`, or `""` (a GET). */
  readonly rpc: string;
  /** `params.name` of a tools/call. */
  readonly tool: string | undefined;
  /** The JSON-RPC id of a request or response. */
  readonly id: string | number | undefined;
  /** The HTTP status; undefined until the response headers arrived. */
  readonly status: number | undefined;
  /** The instance that answered; undefined until then, or when HAProxy answered or nothing did. */
  readonly backend: string | undefined;
  /** The `Last-Event-ID` a GET carried (a resumed stream). */
  readonly lastEventId: string | undefined;
}

interface Cut {
  /** Text of the SSE event after which the stream breaks. */
  readonly after: string;
  /** Set once the stream was cut. */
  done: boolean;
}

export interface Traffic {
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  readonly exchanges: Exchange[];
  /**
   * The next POST, if answered with an event stream, breaks right after its first
   * event containing `text`: its socket is destroyed and the body errors, as on a
   * network failure. `cut()` tells whether it happened.
   */
  cutNextPostStream(text: string): { readonly cut: () => boolean };
  /** Exchanges of `rpc` (and tool `name`), in order. */
  of(rpc: string, name?: string): Exchange[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function describeBody(body: unknown): Pick<Exchange, "rpc" | "tool" | "id"> {
  if (typeof body !== "string") return { rpc: "", tool: undefined, id: undefined };
  try {
    const message = JSON.parse(body) as unknown;
    if (Array.isArray(message)) return { rpc: "batch", tool: undefined, id: undefined };
    const record = message as { method?: unknown; id?: unknown; params?: { name?: unknown } };
    const id = typeof record.id === "string" || typeof record.id === "number" ? record.id : undefined;
    if (typeof record.method !== "string") return { rpc: "response", tool: undefined, id };
    const tool = record.method === "tools/call" && typeof record.params?.name === "string" ? record.params.name : undefined;
    return { rpc: record.method, tool, id };
  } catch {
    return { rpc: "", tool: undefined, id: undefined };
  }
}

/** The stream of `response` up to the end of its first event containing `cut.after`; then an error, and the connection closed. */
function cutStream(response: Response, cut: Cut, disconnect: () => void): Response {
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = "";
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) return controller.close();
      pending += decoder.decode(value, { stream: true });
      const at = pending.indexOf(cut.after);
      const end = at === -1 ? -1 : pending.indexOf("\n\n", at);
      if (end === -1) {
        // Whole events only, so the cut falls between two of them.
        const last = pending.lastIndexOf("\n\n");
        if (last !== -1 && at === -1) {
          controller.enqueue(encoder.encode(pending.slice(0, last + 2)));
          pending = pending.slice(last + 2);
        }
        return;
      }
      controller.enqueue(encoder.encode(pending.slice(0, end + 2)));
      cut.done = true;
      disconnect();
      controller.error(new TypeError("terminated: the test cut the connection"));
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

let sequence = 0;

export function recordTraffic(): Traffic {
  const exchanges: Exchange[] = [];
  let armed: Cut | undefined;
  const traffic: Traffic = {
    exchanges,
    async fetch(input, init) {
      const requestId = `sdk-${process.pid}-${++sequence}`;
      const headers = new Headers(init?.headers);
      headers.set("x-request-id", requestId);
      const http = init?.method ?? "GET";
      // Recorded when sent, so the order is the order of sending; status and backend follow with the response.
      const exchange: Mutable<Exchange> = {
        requestId,
        http,
        ...describeBody(init?.body),
        status: undefined,
        backend: undefined,
        lastEventId: headers.get("last-event-id") ?? undefined,
      };
      exchanges.push(exchange);
      const cut = armed;
      if (cut !== undefined && http === "POST" && typeof init?.body === "string") {
        // The armed POST goes on a socket of its own, which the cut destroys.
        armed = undefined;
        const { response, destroy } = await postOnOwnSocket(input instanceof Request ? input.url : input, headers, init.body);
        exchange.status = response.status;
        exchange.backend = response.headers.get(BACKEND_HEADER) ?? undefined;
        return response.headers.get("content-type")?.startsWith("text/event-stream") === true ? cutStream(response, cut, destroy) : response;
      }
      const response = await fetch(input, { ...init, headers });
      exchange.status = response.status;
      exchange.backend = response.headers.get(BACKEND_HEADER) ?? undefined;
      return response;
    },
    cutNextPostStream(after) {
      const cut: Cut = { after, done: false };
      armed = cut;
      return { cut: () => cut.done };
    },
    of: (rpc, name) => exchanges.filter((exchange) => exchange.rpc === rpc && (name === undefined || exchange.tool === name)),
  };
  return traffic;
}
