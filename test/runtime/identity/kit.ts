/**
 * Shared pieces of the identity tests: a table whose `auth` accepts API keys and JWTs
 * from two issuers (HS256 secrets handed in through AuthOptions.env), the credentials
 * for the same subject `alice` under each, and a loopback server to send them to.
 */
import { afterEach } from "vitest";
import { createAuthenticator, generateApiKey } from "@turbomcp/runtime/auth";
import { defineRoutes, resourceRoute, toolRoute, type JwtScheme, type ServerLogger } from "@turbomcp/runtime";
import { listenHttp, type HttpListener, type ListenHttpOptions } from "@turbomcp/runtime/http";
import { compile } from "../../fixtures/runtime/validators.js";
import { AUDIENCE, sign } from "../auth/auth-kit.js";

export const ISSUER_A = "https://id-a.example.com";
export const ISSUER_B = "https://id-b.example.com";
const SECRET_A = "secret-of-issuer-a-32-bytes-long";
const SECRET_B = "secret-of-issuer-b-32-bytes-long";

const noInput = { type: "object", properties: {}, additionalProperties: false } as const;
const jwt = (issuer: string, keyEnv: string): JwtScheme => ({
  type: "jwt",
  issuer,
  audience: AUDIENCE,
  keyEnv,
  algorithms: ["HS256"],
  clockToleranceSec: 30,
  scopeClaim: "scope",
});

export const routes = defineRoutes({
  server: { name: "identity-fixture", version: "1.0.0" },
  tools: [
    toolRoute<object, string>({
      definition: { name: "whoami", inputSchema: noInput },
      validateInput: compile(noInput),
      handler: (_input, ctx) => `${ctx.principal?.scheme ?? "-"}:${ctx.principal?.issuer ?? "-"}:${ctx.principal?.subject ?? "anonymous"}`,
      policy: { scopes: [] },
    }),
    toolRoute<object, string>({
      definition: { name: "ask_name", inputSchema: noInput },
      validateInput: compile(noInput),
      handler: async (_input, ctx) => {
        const answer = await ctx.elicit({
          message: "Your name?",
          requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
        });
        const name = answer.content?.name;
        return `hello ${typeof name === "string" ? name : "?"}`;
      },
      policy: { scopes: [] },
    }),
    toolRoute<object, string>({
      definition: { name: "erase", inputSchema: noInput },
      validateInput: compile(noInput),
      handler: () => "erased",
      policy: { scopes: ["notes:admin", "notes:write"] },
    }),
    toolRoute<object, string>({
      definition: { name: "limited", inputSchema: noInput },
      validateInput: compile(noInput),
      handler: () => "ok",
      policy: { scopes: [], rateLimit: { limit: 1, windowMs: 60_000 } },
    }),
  ],
  resources: [
    resourceRoute({ definition: { uri: "docs://public", name: "public_doc" }, handler: () => "public", policy: { scopes: [] } }),
    resourceRoute({ definition: { uri: "docs://private", name: "private_doc" }, handler: () => "private", policy: { scopes: ["notes:read"] } }),
  ],
  auth: {
    schemes: [{ type: "apiKey", header: "x-api-key", keysEnv: "KEYS" }, jwt(ISSUER_A, "JWT_A"), jwt(ISSUER_B, "JWT_B")],
    required: true,
    hideUnauthorized: false,
  },
});

const alicesKey = generateApiKey("tmcp_");
const bobsKey = generateApiKey("tmcp_");
const env = {
  KEYS: JSON.stringify([
    { id: "alice", hash: alicesKey.hash, scopes: [] },
    { id: "bob", hash: bobsKey.hash, scopes: ["notes:read"] },
  ]),
  JWT_A: SECRET_A,
  JWT_B: SECRET_B,
};
export const authenticator = createAuthenticator(routes.auth!, { env });

/** Headers that authenticate a caller. */
export type Credentials = Readonly<Record<string, string>>;

/** The API key whose record id is `alice` (or `bob`, who may read). */
export const apiKey = (who: "alice" | "bob" = "alice"): Credentials => ({ "x-api-key": who === "alice" ? alicesKey.key : bobsKey.key });

/** A bearer token for `subject` from issuer A or B, with the scopes given. */
export async function bearer(issuer: typeof ISSUER_A | typeof ISSUER_B, subject = "alice", scopes: readonly string[] = []): Promise<Credentials> {
  const secret = new TextEncoder().encode(issuer === ISSUER_A ? SECRET_A : SECRET_B);
  const token = await sign(secret, { alg: "HS256", claims: { iss: issuer, sub: subject, scope: scopes.join(" ") } });
  return { authorization: `Bearer ${token}` };
}

export const quiet: ServerLogger = { error: () => {}, warn: () => {} };

const listening = new Set<HttpListener>();
afterEach(async () => {
  await Promise.all([...listening].map((listener) => listener.close({ drainTimeoutMs: 0 })));
  listening.clear();
});

/** The fixture on 127.0.0.1:0 with the authenticator above; closed after each test. */
export async function listen(options: ListenHttpOptions = {}): Promise<HttpListener> {
  const listener = await listenHttp(routes, { port: 0, logger: quiet, authenticator, legacySse: false, ...options });
  listening.add(listener);
  return listener;
}

export const POST_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" } as const;

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { result?: Record<string, unknown>; error?: { code: number; message: string; data?: unknown } };
}

/** The JSON-RPC message of a reply, whether it came as JSON or as one SSE event. */
async function bodyOf(response: Response): Promise<Answer["body"]> {
  const text = await response.text();
  if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) return text === "" ? {} : (JSON.parse(text) as Answer["body"]);
  const data = text.split("\n").find((line) => line.startsWith("data:") && line.includes('"id"'));
  return data === undefined ? {} : (JSON.parse(data.slice(5)) as Answer["body"]);
}

export async function post(url: string, message: object, headers: Readonly<Record<string, string>>): Promise<Answer> {
  const response = await fetch(url, { method: "POST", headers: { ...POST_HEADERS, ...headers }, body: JSON.stringify({ jsonrpc: "2.0", ...message }) });
  return { status: response.status, headers: response.headers, body: await bodyOf(response) };
}

export const INITIALIZE = {
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
};

/** Opens a legacy session as the caller `credentials` authenticate; the session id, or the refusal. */
export async function openSession(url: string, credentials: Credentials): Promise<{ id: string | null; answer: Answer }> {
  const answer = await post(url, INITIALIZE, credentials);
  return { id: answer.headers.get("mcp-session-id"), answer };
}

/** A request on a legacy session (with the `initialized` notification's worth of ceremony skipped: the server does not need it). */
export function onSession(url: string, session: string, message: object, credentials: Credentials): Promise<Answer> {
  return post(url, message, { ...credentials, "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" });
}

const STATELESS_META = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": { elicitation: {} } };

/** A 2026-07-28 `tools/call` over HTTP, with the headers a conforming client sends. */
export function statelessCall(url: string, params: Record<string, unknown>, credentials: Credentials): Promise<Answer> {
  return post(
    url,
    { id: 1, method: "tools/call", params: { ...params, _meta: STATELESS_META } },
    { ...credentials, "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": String(params.name) },
  );
}
