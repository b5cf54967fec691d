/**
 * The tenancy end-to-end suites run the team-notes example (examples/team-notes) as a
 * real server process through runMain, with API keys for three tenants and JWTs for
 * others, and talk to it with the official SDK clients, raw HTTP and WebSocket.
 */
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SignJWT } from "jose";
import { randomBytes } from "node:crypto";
import { generateApiKey, hashApiKey } from "../../../packages/runtime/src/entries/auth.js";
import { startEntry, type Started } from "../../runtime/production/kit.js";

export const EXAMPLE_ENTRY = fileURLToPath(new URL("../../../examples/team-notes/src/generated/server.gen.ts", import.meta.url));
/** The example's routes with request-named tenant sources (a gateway in front): see gateway-server.ts. */
export const GATEWAY_ENTRY = fileURLToPath(new URL("./gateway-server.ts", import.meta.url));

export const JWT_SECRET = "team-notes-e2e-secret-of-32-bytes!!";
export const JWT_ISSUER = "https://id.team-notes.test";

function hexKey(prefix: string): { readonly key: string; readonly hash: string } {
  const key = `${prefix}${randomBytes(24).toString("hex")}`;
  return { key, hash: hashApiKey(key) };
}

/** acme and globex keys carry their tenant in the record; initech's key in its second segment. */
export const KEYS = {
  acme: generateApiKey("tn_acme_"),
  globex: generateApiKey("tn_globex_"),
  initech: generateApiKey("tn_initech_"),
  /** A key of no tenant at all: no record tenant, and no segment after the prefix (hex has no "_"). */
  loner: hexKey("tn_"),
} as const;

export const TENANT_ENV: Readonly<Record<string, string>> = {
  TEAM_NOTES_API_KEYS: JSON.stringify([
    { id: "acme-bot", hash: KEYS.acme.hash, scopes: ["notes:write", "notes:admin"], tenant: "acme" },
    { id: "globex-bot", hash: KEYS.globex.hash, scopes: ["notes:write"], tenant: "globex" },
    { id: "initech-bot", hash: KEYS.initech.hash, scopes: ["notes:write"] },
    { id: "loner", hash: KEYS.loner.hash, scopes: ["notes:write"] },
  ]),
  TEAM_NOTES_JWT_SECRET: JWT_SECRET,
};

/** A token of the example's issuer for `subject`, with `tenant_id` when given. */
export function token(subject: string, tenant?: string, scope = "notes:write"): Promise<string> {
  return new SignJWT({ scope, ...(tenant === undefined ? {} : { tenant_id: tenant }) })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(subject)
    .setIssuer(JWT_ISSUER)
    .setAudience("team-notes")
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(JWT_SECRET));
}

export function startExample(args: readonly string[], env: Record<string, string> = {}): Promise<Started> {
  return startEntry(EXAMPLE_ENTRY, args, { ...TENANT_ENV, ...env });
}

export function startGateway(args: readonly string[], env: Record<string, string> = {}): Promise<Started> {
  return startEntry(GATEWAY_ENTRY, args, { ...TENANT_ENV, ...env });
}

/** An SDK v1 client on a session-era (2025-11-25) connection with these request headers. */
export async function sessionClient(url: string, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: "tenancy-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

export const MODERN = "2026-07-28";

/** One 2026-07-28 request in one POST, with the headers the era requires; the raw response. */
export function statelessCall(url: string, method: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<Response> {
  const name = typeof params.name === "string" ? params.name : typeof params.uri === "string" ? params.uri : undefined;
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": MODERN,
      "mcp-method": method,
      ...(name === undefined ? {} : { "mcp-name": name }),
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method,
      params: { ...params, _meta: { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {} } },
    }),
  });
}

/** The JSON-RPC body of a stateless reply (JSON, or the last event of an SSE stream). */
export async function replyOf(response: Response): Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }> {
  const text = await response.text();
  if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) return JSON.parse(text) as never;
  const events = text.split("\n").filter((line) => line.startsWith("data: "));
  return JSON.parse(events.at(-1)?.slice(6) ?? "{}") as never;
}

/** The first text item of a tool result. */
export function textOf(result: unknown): string {
  const [first] = ((result as { content?: unknown }).content ?? []) as { text?: string }[];
  return first?.text ?? "";
}
