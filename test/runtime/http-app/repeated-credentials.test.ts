/**
 * Regression: a request with two `Authorization` headers was authenticated with the
 * first, because Node's `req.headers` silently drops the repeats. RFC 6750 §3.1 makes
 * more than one credential `invalid_request`: 400 with `error="invalid_request"`,
 * whichever of the two would have passed. Raw sockets, since no HTTP client sends
 * the same header twice on purpose.
 */
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createAuthenticator, fromPassportStrategy, generateApiKey, type PassportStrategyLike } from "../../../packages/runtime/src/entries/auth.js";
import { json, startApp, statelessCall, toolText } from "./kit.js";

const SECRET = "repeated-credentials-secret-32-bytes!";
const { key: KEY, hash } = generateApiKey("tmcp_");
const authenticator = createAuthenticator(
  {
    schemes: [
      { type: "jwt", audience: "mcp-test", keyEnv: "JWT_SECRET", algorithms: ["HS256"], clockToleranceSec: 0, scopeClaim: "scope" },
      { type: "apiKey", header: "x-api-key", prefix: "tmcp_", keysEnv: "KEYS" },
    ],
    required: true,
    hideUnauthorized: false,
  },
  { env: { JWT_SECRET: SECRET, KEYS: JSON.stringify([{ id: "alice", hash, scopes: [] }]) } },
);

function token(subject: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(subject)
    .setAudience("mcp-test")
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(SECRET));
}

/** A passport-http-bearer-like strategy: it reads `authorization` as one string. */
const bearerLike: PassportStrategyLike = {
  name: "bearer-like",
  authenticate(req) {
    const header = req.headers.authorization;
    if (typeof header === "string" && header === "Bearer good") this.success({ id: "alice" });
    else this.fail('Bearer realm="mcp"');
  },
};

describe("a repeated credential header is refused with 400 invalid_request", () => {
  it.each([
    ["a valid token first", async () => [`Bearer ${await token("alice")}`, `Bearer ${await token("mallory")}`]],
    ["a garbage value first", async () => ["Bearer x.y.z", `Bearer ${await token("alice")}`]],
  ])("two Authorization headers, %s", async (_name, values) => {
    const { request } = await startApp({ authenticator });
    const call = statelessCall("whoami");
    const alone = await request({ headers: { ...call.headers, authorization: `Bearer ${await token("alice")}` }, body: call.body });
    expect(toolText(alone)).toBe("alice session=none");

    const response = await request({ headers: { ...call.headers, authorization: await values() }, body: call.body });
    expect(response.status).toBe(400);
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="mcp", error="invalid_request", error_description="The Authorization header is malformed"');
    expect(json(response)).toMatchObject({ jsonrpc: "2.0", error: { code: -32600, message: "The Authorization header is malformed" } });
  });

  it("two x-api-key headers (Node joins them with a comma)", async () => {
    const { request } = await startApp({ authenticator });
    const call = statelessCall("whoami");
    expect(toolText(await request({ headers: { ...call.headers, "x-api-key": KEY }, body: call.body }))).toBe("alice session=none");
    const response = await request({ headers: { ...call.headers, "x-api-key": [KEY, "tmcp_other"] }, body: call.body });
    expect(response.status).toBe(400);
    expect(response.headers["www-authenticate"]).toContain('error="invalid_request"');
    expect(json(response)).toMatchObject({ error: { code: -32600, message: "The x-api-key header is malformed" } });
  });

  it("two Authorization headers in front of a Passport strategy, which never sees them", async () => {
    const { request } = await startApp({ authenticator: fromPassportStrategy(bearerLike) });
    const call = statelessCall("whoami");
    expect(toolText(await request({ headers: { ...call.headers, authorization: "Bearer good" }, body: call.body }))).toBe("alice session=none");
    const response = await request({ headers: { ...call.headers, authorization: ["Bearer good", "Bearer good"] }, body: call.body });
    expect(response.status).toBe(400);
    expect(response.headers["www-authenticate"]).toContain('error="invalid_request"');
  });
});
