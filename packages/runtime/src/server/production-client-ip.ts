/**
 * The client address per-IP rate limits count, from `trustProxy`. Behind a reverse
 * proxy the socket peer is the proxy; X-Forwarded-For lists the addresses each hop
 * saw, the nearest last. Only as many hops as configured are believed: a client can
 * write anything at the far end of the header itself.
 */
import type { IncomingMessage } from "node:http";

/** Undefined when no proxy is trusted (the limits then use the socket peer). */
export function clientIpFrom(trustProxy: boolean | number): ((req: IncomingMessage) => string | undefined) | undefined {
  if (trustProxy === false || trustProxy === 0) return undefined;
  return (req) => {
    const header = req.headers["x-forwarded-for"];
    const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== "");
    const chain = [...forwarded, req.socket.remoteAddress ?? ""];
    // As Express's `trust proxy`: n trusted hops make the address n places from the peer the client.
    return trustProxy === true ? chain[0] : chain[Math.max(0, chain.length - 1 - trustProxy)];
  };
}
