/**
 * `authRequestOf` on real `node:http` requests: Node keeps only the first of two
 * `Authorization` lines in `req.headers` and joins two `x-api-key` lines with ", ";
 * the AuthRequest must carry every value, so the credential reader can refuse them.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { authRequestOf, type AuthRequest } from "../../../packages/runtime/src/entries/auth.js";
import { rawRequest, type RawHeaders } from "../../helpers/raw-http.js";

async function seen(headers: RawHeaders): Promise<{ request: AuthRequest; req: IncomingMessage }> {
  let captured: { request: AuthRequest; req: IncomingMessage } | undefined;
  const server = createServer((req, res) => {
    captured = { request: authRequestOf(req), req };
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await rawRequest((server.address() as AddressInfo).port, { method: "GET", path: "/", headers });
  } finally {
    server.close();
  }
  if (captured === undefined) throw new Error("no request");
  return captured;
}

describe("authRequestOf", () => {
  it("hands on every value of a repeated Authorization or x-api-key header", async () => {
    const { request, req } = await seen({ authorization: ["Bearer one", "Bearer two"], "X-Api-Key": ["k1", "k2"], accept: "*/*" });
    expect(req.headers.authorization).toBe("Bearer one");
    expect(request.headers.authorization).toEqual(["Bearer one", "Bearer two"]);
    expect(request.headers["x-api-key"]).toEqual(["k1", "k2"]);
    expect(request.headers.accept).toBe("*/*");
    expect(request.remoteAddress).toBe("127.0.0.1");
  });

  it("passes Node's headers on as they are when nothing repeats", async () => {
    const { request, req } = await seen({ authorization: "Bearer one" });
    expect(request.headers).toBe(req.headers);
  });
});
