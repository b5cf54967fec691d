/**
 * Shared pieces of the auth tests: real keys and tokens made with jose, a real JWKS
 * served over loopback HTTP, and policies with the manifest's defaults filled in.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { vi, type Mock } from "vitest";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import type { AuthRequest } from "../../../packages/runtime/src/auth/authenticator.js";
import type { ApiKeyScheme, AuthPolicy, AuthScheme, JwtScheme } from "../../../packages/runtime/src/config/policies.js";

export interface KeyPair {
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly pem: string;
}

export async function keyPair(alg: "RS256" | "ES256" | "PS256" | "EdDSA" | "ES384"): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, privateKey, publicKey, pem: await exportSPKI(publicKey) };
}

export const ISSUER = "https://id.test.invalid";
export const AUDIENCE = "mcp-test";
/** 32 bytes: the least RFC 7518 allows for HS256. */
export const SECRET = "s3cr3t-that-is-32-bytes-long-ok!";

export function now(): number {
  return Math.floor(Date.now() / 1000);
}

export interface SignOptions {
  readonly alg?: string;
  readonly kid?: string;
  /** Payload claims; `undefined` leaves a claim out. */
  readonly claims?: Record<string, unknown>;
}

/** A token with sensible claims (iss, aud, sub, iat, exp in an hour) unless overridden. */
export async function sign(key: CryptoKey | Uint8Array, options: SignOptions = {}): Promise<string> {
  const claims: Record<string, unknown> = { iss: ISSUER, aud: AUDIENCE, sub: "alice", iat: now(), exp: now() + 3600, ...options.claims };
  const payload = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined)) as JWTPayload;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? "RS256", typ: "JWT", ...(options.kid === undefined ? {} : { kid: options.kid }) })
    .sign(key);
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** An unsigned token (`alg` none by default): header and payload, empty signature. */
export function unsigned(payload: Record<string, unknown>, alg = "none"): string {
  return `${b64url({ alg, typ: "JWT" })}.${b64url(payload)}.`;
}

/** The same token with its payload replaced and the original signature kept. */
export function tamper(token: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  return `${header}.${b64url({ ...claims, ...change })}.${signature}`;
}

export function bearer(token: string): AuthRequest {
  return { headers: { authorization: `Bearer ${token}` } };
}

export function jwtScheme(fields: Partial<JwtScheme> = {}): JwtScheme {
  return { type: "jwt", issuer: ISSUER, audience: AUDIENCE, algorithms: ["RS256"], clockToleranceSec: 30, scopeClaim: "scope", ...fields };
}

/**
 * The scheme without `audience`, and with `allowAnyAudience` as given: a routing
 * table the types refuse when the flag is absent, as a JavaScript caller could pass.
 */
export function withoutAudience(scheme: JwtScheme, allowAnyAudience?: unknown): JwtScheme {
  const { audience: _audience, allowAnyAudience: _flag, ...rest } = scheme;
  return (allowAnyAudience === undefined ? rest : { ...rest, allowAnyAudience }) as JwtScheme;
}

/** `undefined` in `fields` removes a default, e.g. `{ keysEnv: undefined }`. */
export function apiKeyScheme(fields: { [K in keyof ApiKeyScheme]?: ApiKeyScheme[K] | undefined } = {}): ApiKeyScheme {
  const scheme = { type: "apiKey", header: "x-api-key", keysEnv: "TEST_API_KEYS", ...fields };
  return Object.fromEntries(Object.entries(scheme).filter(([, value]) => value !== undefined)) as unknown as ApiKeyScheme;
}

export function policy(schemes: readonly AuthScheme[], required = true): AuthPolicy {
  return { schemes, required, hideUnauthorized: true };
}

/** A `ServerLogger` that records instead of writing to stderr. */
export function quietLogger(): { readonly error: Mock<(message: string, error?: unknown) => void>; readonly warn: Mock<(message: string) => void> } {
  return { error: vi.fn(), warn: vi.fn() };
}

export async function publicJwk(pair: KeyPair, kid: string): Promise<JWK> {
  return { ...(await exportJWK(pair.publicKey)), kid, alg: pair.alg, use: "sig" };
}

/** A JWKS endpoint on loopback whose key list the test can change; counts fetches. */
export interface JwksServer {
  readonly url: string;
  keys: JWK[];
  /** Answer with this status instead of the key set. */
  status: number;
  fetches: number;
  close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  const state = { keys, status: 200, fetches: 0 };
  const server: Server = createServer((req, res) => {
    state.fetches += 1;
    if (state.status !== 200) {
      res.writeHead(state.status).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/jwk-set+json" }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
