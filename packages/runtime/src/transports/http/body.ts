/**
 * Reads a POST body by hand with a size limit: no body-parser, and nothing beyond
 * the limit is ever buffered (a declared Content-Length over it is refused before
 * any of it is read). A body over the limit is answered 413 at once, and the rest
 * of it is read and dropped before the connection closes (linger.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { limitJsonKeys } from "./json-keys.js";
import { parseBytes, type ParsedMessage } from "../../protocol/jsonrpc.js";
import { refuseUnread } from "./linger.js";

/** The body as bytes: `parseBytes` checks they are UTF-8 rather than decode them with replacement characters. */
export type BodyResult = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly reason: "too_large" | "aborted" };

const TOO_LARGE: BodyResult = { ok: false, reason: "too_large" };
const ABORTED: BodyResult = { ok: false, reason: "aborted" };

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        // Stop collecting; the caller answers 413 and drops the rest (refuseUnread).
        req.pause();
        finish(TOO_LARGE);
      } else chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => finish({ ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
    // A client that disconnects mid-body: nothing to answer, and nothing may throw.
    req.on("error", () => finish(ABORTED));
    req.on("close", () => finish(ABORTED));
  });
}

/**
 * Reads and parses a POSTed JSON-RPC body. Undefined when there is nothing more to
 * do: a body over the limit was answered 413, or the client went away mid-body.
 */
export async function readMessage(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<ParsedMessage | undefined> {
  const body = await readBody(req, maxBodyBytes);
  // The key-count limit (json-keys.ts), walked only for bodies large enough to break it.
  if (body.ok) return limitJsonKeys(parseBytes(body.bytes), body.bytes.length);
  // The rest of the body is unread, so the connection cannot be reused: it closes once that is drained.
  if (body.reason === "too_large") refuseUnread(req, res, "payload_too_large", `Payload Too Large: the limit is ${maxBodyBytes} bytes`);
  return undefined;
}
