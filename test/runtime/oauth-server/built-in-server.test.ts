/**
 * The built-in authorization server over real HTTP on loopback, end to end with the
 * MCP endpoint it protects: metadata, registration, the consent page (local test
 * login), the token endpoint's grants, revocation, and every misuse the issue lists,
 * each refused with its OAuth error.
 */
import { generateKeyPairSync } from "node:crypto";
import { SignJWT, decodeJwt, decodeProtectedHeader, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpApp } from "../../../packages/runtime/src/entries/express.js";
import { createHttpLimits } from "../../../packages/runtime/src/entries/http.js";
import { authorizationUrl, callTool, consent, pkce, quiet, register, signIn, startBuiltIn, tokenRequest, type RunningServer } from "./kit.js";

let server: RunningServer;

beforeAll(async () => {
  server = await startBuiltIn();
});

afterAll(async () => {
  await server.close();
});

describe("metadata", () => {
  it("publishes RFC 8414 metadata for its issuer, with S256 only and the iss response parameter", async () => {
    const response = await fetch(`${server.base}/.well-known/oauth-authorization-server`);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: server.base,
      authorization_endpoint: `${server.base}/oauth/authorize`,
      token_endpoint: `${server.base}/oauth/token`,
      registration_endpoint: `${server.base}/oauth/register`,
      revocation_endpoint: `${server.base}/oauth/revoke`,
      jwks_uri: `${server.base}/oauth/jwks.json`,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
      authorization_response_iss_parameter_supported: true,
    });
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(["mcp:read", "mcp:write"]));
  });

  it("publishes the public signing key, and the protected resource metadata names this issuer", async () => {
    const jwks = (await (await fetch(`${server.base}/oauth/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
    const prm = (await (await fetch(`${server.base}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<string, unknown>;
    expect(prm.authorization_servers).toEqual([server.base]);
  });
});

describe("sign-in with the authorization code grant", () => {
  it("issues a short-lived JWT bound to the resource that the MCP endpoint accepts", async () => {
    const { tokens } = await signIn(server, { username: "alice", scope: "mcp:read" });
    expect(tokens).toMatchObject({ token_type: "Bearer", scope: "mcp:read", expires_in: 600 });
    expect(typeof tokens.refresh_token).toBe("string");
    const token = tokens.access_token as string;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    expect(decodeJwt(token)).toMatchObject({ iss: server.base, sub: "alice", aud: server.resource, scope: "mcp:read" });
    const call = await callTool(server.resource, token);
    expect(call.status).toBe(200);
    expect(JSON.stringify(call.body)).toContain("oauth2:alice");
  });

  it("answers insufficient_scope (403) for a tool whose scope was not granted", async () => {
    const { tokens } = await signIn(server, { scope: "mcp:read" });
    const call = await callTool(server.resource, tokens.access_token as string, "write");
    expect(call.status).toBe(403);
    expect(call.challenge).toContain('error="insufficient_scope"');
  });

  it("grants every known scope when the client asks for none", async () => {
    const { tokens } = await signIn(server);
    expect(String(tokens.scope).split(" ").sort()).toEqual(["mcp:read", "mcp:write"]);
  });

  it("sends state and iss back with the code, and access_denied when the user denies", async () => {
    const client = await register(server.base, { redirect_uris: ["http://127.0.0.1:9/cb"], token_endpoint_auth_method: "none" });
    const { challenge } = pkce();
    const params = {
      response_type: "code",
      client_id: client.client_id as string,
      redirect_uri: "http://127.0.0.1:9/cb",
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: "xyz",
    };
    const approved = new URL((await consent(authorizationUrl(server.base, params))).location);
    expect(approved.origin + approved.pathname).toBe("http://127.0.0.1:9/cb");
    expect(approved.searchParams.get("state")).toBe("xyz");
    expect(approved.searchParams.get("iss")).toBe(server.base);
    const denied = new URL((await consent(authorizationUrl(server.base, params), { approve: false })).location);
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("state")).toBe("xyz");
    expect(denied.searchParams.get("code")).toBeNull();
  });

  it("rotates refresh tokens: the new pair works, a replay of the old one revokes the whole grant", async () => {
    const { client, tokens } = await signIn(server);
    const first = await tokenRequest(server.base, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token as string,
      client_id: client.client_id as string,
    });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect((await callTool(server.resource, first.body.access_token as string)).status).toBe(200);

    const replay = await tokenRequest(server.base, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token as string,
      client_id: client.client_id as string,
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    // The family is gone: the rotated refresh token and every access token of the grant.
    const after = await tokenRequest(server.base, {
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token as string,
      client_id: client.client_id as string,
    });
    expect(after.body.error).toBe("invalid_grant");
    const call = await callTool(server.resource, first.body.access_token as string);
    expect(call.status).toBe(401);
    expect(call.challenge).toContain("invalid_token");
    expect((await callTool(server.resource, tokens.access_token as string)).status).toBe(401);
  });

  it("narrows scopes on refresh but never widens them", async () => {
    const { client, tokens } = await signIn(server, { scope: "mcp:read" });
    const wider = await tokenRequest(server.base, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token as string,
      client_id: client.client_id as string,
      scope: "mcp:read mcp:write",
    });
    expect(wider.body.error).toBe("invalid_scope");
  });

  it("revokes a grant through RFC 7009 (refresh or access token), answering 200 for unknown tokens", async () => {
    const { client, tokens } = await signIn(server);
    const revoke = (token: string) =>
      fetch(`${server.base}/oauth/revoke`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token, client_id: client.client_id as string }).toString(),
      });
    expect((await revoke("not-a-token")).status).toBe(200);
    expect((await callTool(server.resource, tokens.access_token as string)).status).toBe(200);
    expect((await revoke(tokens.access_token as string)).status).toBe(200);
    expect((await callTool(server.resource, tokens.access_token as string)).status).toBe(401);
    const refreshed = await tokenRequest(server.base, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token as string,
      client_id: client.client_id as string,
    });
    expect(refreshed.body.error).toBe("invalid_grant");
  });

  it("does not let one client revoke another's tokens", async () => {
    const alice = await signIn(server);
    const mallory = await register(server.base, { redirect_uris: ["http://127.0.0.1:9/x"], token_endpoint_auth_method: "none" });
    const response = await fetch(`${server.base}/oauth/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: alice.tokens.refresh_token as string, client_id: mallory.client_id as string }).toString(),
    });
    expect(response.status).toBe(200);
    expect((await callTool(server.resource, alice.tokens.access_token as string)).status).toBe(200);
  });
});

describe("registration (RFC 7591 / 7592)", () => {
  it("issues a secret to confidential clients and reads the registration back with its token only", async () => {
    const client = await register(server.base, {
      client_name: "Confidential",
      redirect_uris: ["https://app.example.com/cb"],
      token_endpoint_auth_method: "client_secret_basic",
    });
    expect(client.client_secret).toEqual(expect.any(String));
    expect(client.registration_client_uri).toBe(`${server.base}/oauth/register/${client.client_id}`);
    const read = await fetch(client.registration_client_uri as string, { headers: { authorization: `Bearer ${client.registration_access_token}` } });
    expect(read.status).toBe(200);
    const record = (await read.json()) as Record<string, unknown>;
    expect(record).toMatchObject({ client_id: client.client_id, client_name: "Confidential", redirect_uris: ["https://app.example.com/cb"] });
    expect(record).not.toHaveProperty("client_secret");
    const wrong = await fetch(client.registration_client_uri as string, { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
  });

  it.each([
    [{ redirect_uris: ["http://example.com/cb"] }, "invalid_redirect_uri"],
    [{ redirect_uris: ["https://example.com/cb#frag"] }, "invalid_redirect_uri"],
    [{ redirect_uris: ["javascript:alert(1)"] }, "invalid_redirect_uri"],
    [{ redirect_uris: [] }, "invalid_redirect_uri"],
    [{ redirect_uris: ["https://a.example/cb"], grant_types: ["client_credentials"] }, "invalid_client_metadata"],
    [{ redirect_uris: ["https://a.example/cb"], token_endpoint_auth_method: "private_key_jwt" }, "invalid_client_metadata"],
    [{ redirect_uris: ["https://a.example/cb"], scope: "admin" }, "invalid_client_metadata"],
  ])("refuses %j with %s", async (metadata, error) => {
    const response = await fetch(`${server.base}/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(metadata),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe(error);
  });

  it("answers a malformed body with an OAuth error", async () => {
    const response = await fetch(`${server.base}/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_request");
  });
});

describe("misuse, each refused", () => {
  async function freshClient(): Promise<string> {
    return (await register(server.base, { redirect_uris: ["http://127.0.0.1:9/cb"], token_endpoint_auth_method: "none" })).client_id as string;
  }

  /** A consented authorization code for the client (redirect http://127.0.0.1:9/cb), and its PKCE verifier. */
  async function approvedCode(clientId: string): Promise<{ code: string; verifier: string }> {
    const { verifier, challenge } = pkce();
    const url = authorizationUrl(server.base, {
      response_type: "code",
      client_id: clientId,
      redirect_uri: "http://127.0.0.1:9/cb",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    return { code: new URL((await consent(url)).location).searchParams.get("code") as string, verifier };
  }

  async function authorizeError(params: Record<string, string>): Promise<{ status: number; location: string | null; page: string }> {
    const response = await fetch(authorizationUrl(server.base, params), { redirect: "manual" });
    return { status: response.status, location: response.headers.get("location"), page: await response.text() };
  }

  it("PKCE missing or downgraded to plain: an error back to the client, no sign-in page", async () => {
    const clientId = await freshClient();
    const base = { response_type: "code", client_id: clientId, redirect_uri: "http://127.0.0.1:9/cb", state: "s" };
    for (const extra of [{}, { code_challenge: "a".repeat(43), code_challenge_method: "plain" }, { code_challenge: "a".repeat(43) }]) {
      const answer = await authorizeError({ ...base, ...extra });
      expect(answer.status).toBe(302);
      const location = new URL(answer.location ?? "");
      expect(location.searchParams.get("error")).toBe("invalid_request");
      expect(location.searchParams.get("state")).toBe("s");
      expect(location.searchParams.get("iss")).toBe(server.base);
    }
  });

  it("redirect URI mismatch: an error page, never a redirect to the unregistered URI", async () => {
    const clientId = await freshClient();
    const { challenge } = pkce();
    const answer = await authorizeError({
      response_type: "code",
      client_id: clientId,
      redirect_uri: "http://127.0.0.1:9/cb/evil",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    expect(answer.status).toBe(400);
    expect(answer.location).toBeNull();
    expect(answer.page).toContain("redirect_uri does not match");
    const unknownClient = await authorizeError({
      response_type: "code",
      client_id: "nobody",
      redirect_uri: "http://127.0.0.1:9/cb",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.location).toBeNull();
  });

  it("a resource other than this server (RFC 8707): invalid_target", async () => {
    const clientId = await freshClient();
    const { challenge } = pkce();
    const answer = await authorizeError({
      response_type: "code",
      client_id: clientId,
      redirect_uri: "http://127.0.0.1:9/cb",
      code_challenge: challenge,
      code_challenge_method: "S256",
      resource: "https://other.example.com/mcp",
    });
    expect(new URL(answer.location ?? "").searchParams.get("error")).toBe("invalid_target");
  });

  it("a replayed authorization code: invalid_grant, and the tokens of its first redemption are revoked", async () => {
    const clientId = await freshClient();
    const { code, verifier } = await approvedCode(clientId);
    const form = { grant_type: "authorization_code", code, redirect_uri: "http://127.0.0.1:9/cb", code_verifier: verifier, client_id: clientId };
    const first = await tokenRequest(server.base, form);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const second = await tokenRequest(server.base, form);
    expect(second.status).toBe(400);
    expect(second.body.error).toBe("invalid_grant");
    expect((await callTool(server.resource, first.body.access_token as string)).status).toBe(401);
  });

  it("a wrong code_verifier, redirect_uri or client at the token endpoint: invalid_grant", async () => {
    const clientId = await freshClient();
    const otherClient = await freshClient();
    for (const tamper of [{ code_verifier: pkce().verifier }, { redirect_uri: "http://127.0.0.1:9/other" }, { client_id: otherClient }]) {
      const { code, verifier } = await approvedCode(clientId);
      const answer = await tokenRequest(server.base, {
        grant_type: "authorization_code",
        code,
        redirect_uri: "http://127.0.0.1:9/cb",
        code_verifier: verifier,
        client_id: clientId,
        ...tamper,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe("invalid_grant");
    }
  });

  it("a consent form without the browser's binding cookie (cross-site or replayed form): refused", async () => {
    const clientId = await freshClient();
    const { challenge } = pkce();
    const url = authorizationUrl(server.base, {
      response_type: "code",
      client_id: clientId,
      redirect_uri: "http://127.0.0.1:9/cb",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    await expect(consent(url, { cookie: "drop" })).rejects.toMatchObject({ status: 403 });
  });

  it("tokens with the wrong audience, wrong issuer, alg none, or expired: 401 at the MCP endpoint", async () => {
    const { tokens } = await signIn(server);
    const claims = decodeJwt(tokens.access_token as string);
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const forge = (payload: Record<string, unknown>) =>
      new SignJWT({ ...claims, ...payload })
        .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: decodeProtectedHeader(tokens.access_token as string).kid as string })
        .sign(privateKey);
    const attempts = {
      // signed by a key that is not ours, though it names our kid
      forgedKey: await forge({}),
      algNone: new UnsecuredJWT({ ...claims }).encode(),
      wrongIssuer: await forge({ iss: "https://evil.example.com" }),
      expired: await forge({ exp: Math.floor(Date.now() / 1000) - 3600 }),
      wrongAudience: await forge({ aud: "https://other.example.com/mcp" }),
    };
    for (const [name, token] of Object.entries(attempts)) {
      const call = await callTool(server.resource, token);
      expect(call.status, name).toBe(401);
    }
  });

  it("an unknown grant type or client: the matching OAuth errors", async () => {
    expect((await tokenRequest(server.base, { grant_type: "password", client_id: await freshClient() })).body.error).toBe("unsupported_grant_type");
    const unknown = await tokenRequest(server.base, { grant_type: "authorization_code", code: "x", client_id: "nobody" });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe("invalid_client");
  });
});

describe("client metadata documents at the authorization endpoint", () => {
  let cimd: RunningServer;
  beforeAll(async () => {
    cimd = await startBuiltIn({ clientIdMetadataDocuments: true });
  });
  afterAll(async () => {
    await cimd.close();
  });

  it.each(["https://127.0.0.1/client.json", "https://10.0.0.8/client.json", "https://169.254.169.254/latest/meta-data", "https://[::1]/client.json"])(
    "refuses a client_id URL on a private or loopback address (%s) with an error page, fetching nothing",
    async (clientId) => {
      const { challenge } = pkce();
      const response = await fetch(
        authorizationUrl(cimd.base, {
          response_type: "code",
          client_id: clientId,
          redirect_uri: "https://app.example/cb",
          code_challenge: challenge,
          code_challenge_method: "S256",
        }),
        { redirect: "manual" },
      );
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain("client metadata document");
    },
  );

  it("advertises metadata documents in its metadata", async () => {
    const metadata = (await (await fetch(`${cimd.base}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(metadata.client_id_metadata_document_supported).toBe(true);
  });
});

describe("rate limits", () => {
  it("counts sign-in, registration and token requests against the endpoint's per-IP limit (429 with Retry-After)", async () => {
    const limited = await startBuiltIn({}, (routes) =>
      createMcpApp(routes, { logger: quiet, httpLimits: createHttpLimits({ perIp: { limit: 3, windowMs: 60_000 } }) }),
    );
    try {
      const attempts = [];
      for (let index = 0; index < 4; index++) {
        attempts.push(
          await fetch(`${limited.base}/oauth/register`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ redirect_uris: ["http://127.0.0.1:9/cb"], token_endpoint_auth_method: "none" }),
          }),
        );
      }
      expect(attempts.map((response) => response.status)).toEqual([201, 201, 201, 429]);
      expect(Number(attempts[3]?.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await tokenRequest(limited.base, { grant_type: "client_credentials" })).status).toBe(429);
      // The metadata stays readable: discovery is not what a flood targets.
      expect((await fetch(`${limited.base}/.well-known/oauth-authorization-server`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
