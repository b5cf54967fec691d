/**
 * A POST on a connection of its own (node:http, no agent), answered as a fetch
 * `Response`, with the means to destroy its socket: a dropped connection, as the
 * balancer and the instance see one, which `fetch` cannot produce on demand.
 */
import { request } from "node:http";
import { Readable } from "node:stream";

export interface OwnSocketResponse {
  readonly response: Response;
  /** Destroys the socket: HAProxy sees the client go, mid-response. */
  readonly destroy: () => void;
}

export function postOnOwnSocket(url: string | URL, headers: Headers, body: string): Promise<OwnSocketResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: "POST", agent: false, headers: Object.fromEntries(headers) }, (incoming) => {
      const received = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) received.append(name, one);
      }
      const stream = Readable.toWeb(incoming) as ReadableStream<Uint8Array>;
      resolve({ response: new Response(stream, { status: incoming.statusCode ?? 0, headers: received }), destroy: () => outgoing.destroy() });
    });
    outgoing.once("error", reject);
    outgoing.end(body);
  });
}
