/**
 * Auth for the `call-auth` workload: the turbomcp benchmark server started once per
 * scheme of the manifest's `auth`, each time with that one scheme required, and what
 * the load sends to each:
 * - `auth-apikey`: an API key in `x-api-key` (its hash in the server's environment);
 * - `auth-jwt`: a `jwt` scheme with a local ES256 public key (PEM in the environment);
 * - `auth-oauth2`: an `oauth2` scheme whose authorization server (RFC 8414 metadata and
 *   the JWKS) this harness serves on loopback, so the server finds the key as it would
 *   in production.
 * The harness makes the keys afresh each run and signs one token per scheme, sent with
 * every request, as a client reuses its access token until it expires.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import type { AuthScheme } from "@turbomcp/runtime";
import { generateApiKey } from "@turbomcp/runtime/auth";

/** The server modes of bench/servers/turbomcp.ts that require a scheme, the baseline first. */
export const AUTH_MODES = ["auth-apikey", "auth-jwt", "auth-oauth2"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** The audience of every token, and the `oauth2` scheme's resource (RFC 8707): a name, compared exactly, never fetched. */
const AUDIENCE = "http://127.0.0.1/mcp";
const JWT_ISSUER = "https://issuer.bench.invalid";
const ALGORITHM = "ES256";
const SCOPE = "bench:call";
// Not TURBOMCP_*: the runtime refuses TURBOMCP_ variables it does not know.
const ENV = { apiKeys: "BENCH_API_KEYS", jwtKey: "BENCH_JWT_PUBLIC_KEY", oauth2Issuer: "BENCH_OAUTH2_ISSUER" } as const;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new Error(`the ${name} environment variable is not set: the harness starts this mode`);
  return value;
}

/** The one scheme the server in `mode` requires, verified with what the harness put in `env`. */
export function benchAuthScheme(mode: AuthMode, env: NodeJS.ProcessEnv = process.env): AuthScheme {
  switch (mode) {
    case "auth-apikey":
      return { type: "apiKey", header: "x-api-key", keysEnv: ENV.apiKeys };
    case "auth-jwt":
      return { type: "jwt", issuer: JWT_ISSUER, audience: AUDIENCE, keyEnv: ENV.jwtKey, algorithms: [ALGORITHM], clockToleranceSec: 30, scopeClaim: "scope" };
    case "auth-oauth2":
      return { type: "oauth2", resource: AUDIENCE, authorizationServers: [required(env, ENV.oauth2Issuer)] };
  }
}

export function isAuthMode(mode: string): mode is AuthMode {
  return (AUTH_MODES as readonly string[]).includes(mode);
}

/** One server of the workload: its mode, its label, the headers of every request and the server's environment. */
export interface AuthVariant {
  readonly mode: AuthMode;
  readonly label: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
}

export interface BenchAuth {
  /** In AUTH_MODES order: the API key (the baseline) first. */
  readonly variants: readonly AuthVariant[];
  /** Stops the authorization server. */
  close(): Promise<void>;
}

async function token(privateKey: CryptoKey, issuer: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  // An hour: longer than any run, so the same token is sent throughout.
  return new SignJWT({ scope: SCOPE })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT", kid: "bench" })
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setSubject("bench-client")
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
}

/** Keys, tokens and the authorization server on loopback (metadata at the RFC 8414 well-known path, the JWKS beside it). */
export async function startBenchAuth(): Promise<BenchAuth> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "bench", alg: ALGORITHM, use: "sig" }] });
  let issuer = "";
  const server = createServer((req, res) => {
    const body =
      req.url === "/.well-known/oauth-authorization-server"
        ? JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks.json` })
        : req.url === "/jwks.json"
          ? jwks
          : undefined;
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const apiKey = generateApiKey("bench_");
  const bearer = async (from: string): Promise<Record<string, string>> => ({ authorization: `Bearer ${await token(privateKey, from)}` });
  return {
    variants: [
      {
        mode: "auth-apikey",
        label: "API key",
        headers: { "x-api-key": apiKey.key },
        env: { [ENV.apiKeys]: JSON.stringify([{ id: "bench-client", hash: apiKey.hash, scopes: [SCOPE] }]) },
      },
      {
        mode: "auth-jwt",
        label: `JWT ${ALGORITHM} (jwt scheme, local key)`,
        headers: await bearer(JWT_ISSUER),
        env: { [ENV.jwtKey]: await exportSPKI(publicKey) },
      },
      { mode: "auth-oauth2", label: `JWT ${ALGORITHM} (oauth2 scheme, JWKS)`, headers: await bearer(issuer), env: { [ENV.oauth2Issuer]: issuer } },
    ],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
