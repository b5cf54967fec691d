/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document; MCP
 * authorization, client registration): a client with no registration here names
 * itself by an https URL, and the server fetches that URL to learn its redirect URIs
 * and name.
 *
 * The URL comes from whoever opens `/authorize`, so the fetch is guarded against
 * server-side request forgery (the draft's § SSRF):
 * - https only; plain http only in the test mode (`allowLoopback`) and only to loopback;
 * - the host is resolved once and every address must be public (network/ip-ranges.ts),
 *   or loopback in the test mode; the connection then goes to those checked
 *   addresses (a pinned `lookup`), so a second DNS answer cannot swap in another (DNS
 *   rebinding);
 * - no redirect is followed (the draft forbids it), no other status than 200 is read;
 * - the body is capped while it streams, and one deadline covers DNS, connect, TLS,
 *   headers and body;
 * - the answer must be `application/json`.
 *
 * The document is then checked: its `client_id` is the URL exactly; it names at least
 * one redirect URI; it uses no shared secret (the draft forbids them) and, as this
 * server authenticates metadata-document clients by PKCE alone, no method but `none`.
 *
 * `ClientMetadataCache` keeps documents for the lifetime their response declares,
 * bounded below and above (config/defaults.ts), and never keeps a failure.
 */
import { lookup as systemLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import {
  DEFAULT_CLIENT_METADATA_CACHE_MAX_MS,
  DEFAULT_CLIENT_METADATA_CACHE_MIN_MS,
  DEFAULT_CLIENT_METADATA_CACHE_SIZE,
  DEFAULT_CLIENT_METADATA_MAX_BYTES,
  DEFAULT_CLIENT_METADATA_TIMEOUT_MS,
} from "../config/defaults.js";
import { parseIpv4, parseIpv6, specialUse } from "../network/ip-ranges.js";
import { isLoopback } from "../network/loopback.js";
import type { ClientRecord } from "./store.js";

/** One address a host name resolves to. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Resolves a host name to all its addresses (`dns.lookup` with `all: true` by default). */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface ClientMetadataFetchOptions {
  /** The whole fetch (DNS, connect, TLS, headers, body); default `DEFAULT_CLIENT_METADATA_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
  /** Largest body read; default `DEFAULT_CLIENT_METADATA_MAX_BYTES`. */
  readonly maxBytes?: number;
  /**
   * Tests only: also fetch from loopback addresses, over https or plain http. Never in
   * production: any client could then make the server request its own endpoints (the
   * draft forbids this exception outside development).
   */
  readonly allowLoopback?: boolean;
  /** How host names are resolved; tests map names to chosen addresses. */
  readonly lookup?: ResolveHost;
  /** Cancels the fetch; it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** A client's metadata, as fetched and checked. */
export interface ClientMetadataDocument {
  readonly clientId: string;
  /** Registered redirect URIs: an authorization request must name one of them exactly. */
  readonly redirectUris: readonly string[];
  readonly grantTypes: readonly ("authorization_code" | "refresh_token")[];
  /** Metadata-document clients are public clients here: PKCE, no client authentication. */
  readonly authMethod: "none";
  /** The `scope` the document asks for; absent means any scope the server knows. */
  readonly scopes?: readonly string[];
  readonly name?: string;
  readonly uri?: string;
  readonly logoUri?: string;
  /** The document as served. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /**
   * How long the response said it stays fresh, in seconds (Cache-Control max-age less
   * Age, or Expires); 0 for no-store or no-cache; undefined when it said nothing.
   */
  readonly maxAgeSeconds?: number;
}

/**
 * Why a metadata document was not used. `message` is safe to show the client (as an
 * OAuth `error_description`): it names no address the host resolved to. `detail` adds
 * those for the operator's log.
 */
export class ClientMetadataError extends Error {
  override readonly name = "ClientMetadataError";
  /**
   * The OAuth error to answer: `invalid_request` when the `client_id` is not a usable
   * metadata URL at all, `invalid_client` when its document could not be fetched or
   * is not acceptable.
   */
  readonly error: "invalid_request" | "invalid_client";
  readonly detail: string | undefined;

  constructor(error: "invalid_request" | "invalid_client", message: string, detail?: string) {
    super(message);
    this.error = error;
    this.detail = detail;
  }
}

/** Longest client_id URL accepted: it becomes a cache key and is shown to users. */
const MAX_URL_LENGTH = 2_048;

/** Redirect URI schemes that run code or read local data in a browser, whatever the document says. */
const FORBIDDEN_REDIRECT_SCHEMES = new Set(["javascript:", "data:", "vbscript:", "file:", "blob:", "about:", "filesystem:"]);

/** A scope token (RFC 6749 §3.3). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** JWK members that hold private or symmetric key material, which the draft forbids in a document. */
const PRIVATE_JWK_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/**
 * Whether `clientId` is a Client Identifier URL (the draft's § Client Identifier URL):
 * https, a path, no userinfo, no fragment, no `.` or `..` segment, and written as the
 * URL parser writes it (so the URL fetched is the string the document must repeat).
 * With `allowLoopback` (tests only) plain http passes too, for a loopback server.
 */
export function isClientIdMetadataUrl(clientId: string, options: { readonly allowLoopback?: boolean } = {}): boolean {
  return clientIdUrlProblem(clientId, options.allowLoopback === true) === undefined;
}

/** What makes `clientId` unusable as a Client Identifier URL, or undefined. */
export function clientIdUrlProblem(clientId: string, allowLoopback = false): string | undefined {
  if (clientId.length > MAX_URL_LENGTH) return `the client_id URL is longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return "the client_id is not a URL";
  }
  if (url.protocol !== "https:" && !(allowLoopback && url.protocol === "http:")) return "the client_id URL must use https";
  if (url.username !== "" || url.password !== "" || /^[a-z]+:\/\/[^/?#]*@/i.test(clientId)) return "the client_id URL must not contain a user name or password";
  if (clientId.includes("#")) return "the client_id URL must not contain a fragment";
  const path = clientId.replace(/^[a-z]+:\/\/[^/?#]*/i, "").replace(/[?#].*$/s, "");
  if (path === "") return "the client_id URL must contain a path";
  if (path.split("/").some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment))) return "the client_id URL must not contain . or .. path segments";
  if (url.href !== clientId) return `the client_id URL is not in normalized form (${url.href})`;
  return undefined;
}

/**
 * Fetches and checks the metadata document of `clientId`. Rejects with a
 * `ClientMetadataError`, or with the reason of `options.signal` when that aborts.
 */
export async function fetchClientMetadataDocument(clientId: string, options: ClientMetadataFetchOptions = {}): Promise<ClientMetadataDocument> {
  const allowLoopback = options.allowLoopback === true;
  const problem = clientIdUrlProblem(clientId, allowLoopback);
  if (problem !== undefined) throw new ClientMetadataError("invalid_request", problem);
  const url = new URL(clientId);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CLIENT_METADATA_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal === undefined ? deadline : AbortSignal.any([deadline, options.signal]);
  const aborted = (): unknown =>
    deadline.aborted ? new ClientMetadataError("invalid_client", `the client metadata document did not arrive within ${timeoutMs} ms`) : signal.reason;

  const addresses = await resolve(url, options.lookup ?? defaultLookup, signal, aborted);
  checkAddresses(url, addresses, allowLoopback);
  const response = await get(url, addresses, options.maxBytes ?? DEFAULT_CLIENT_METADATA_MAX_BYTES, signal, aborted);
  let json: unknown;
  try {
    json = JSON.parse(response.body.toString("utf8"));
  } catch {
    throw new ClientMetadataError("invalid_client", "the client metadata document is not valid JSON");
  }
  const document = parseClientMetadataDocument(clientId, json);
  const maxAgeSeconds = freshness(response.headers);
  return maxAgeSeconds === undefined ? document : { ...document, maxAgeSeconds };
}

/**
 * Checks a metadata document fetched from `clientId`: the client_id, redirect URIs,
 * grant and response types, the authentication method, display URLs. Throws a
 * `ClientMetadataError` (`invalid_client`) naming the first problem.
 */
export function parseClientMetadataDocument(clientId: string, json: unknown): ClientMetadataDocument {
  const fail = (message: string): never => {
    throw new ClientMetadataError("invalid_client", `the client metadata document ${message}`);
  };
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("is not a JSON object");
  const metadata = json as Record<string, unknown>;
  if (metadata.client_id !== clientId) fail("has a client_id that is not its URL");
  if ("client_secret" in metadata || "client_secret_expires_at" in metadata) fail("must not contain a client secret");
  if (hasPrivateKey(metadata.jwks)) fail("must not contain private key material in jwks");

  const method = metadata.token_endpoint_auth_method;
  // RFC 7591's default (client_secret_basic) needs a shared secret, which a document
  // cannot have (the draft's § Credential Restrictions), so an absent method means none.
  if (method !== undefined && method !== "none") {
    if (method === "private_key_jwt") fail("asks for private_key_jwt client authentication, which this server does not support (use none)");
    if (typeof method === "string" && /^client_secret_(?:basic|post|jwt)$/.test(method)) {
      fail(`asks for ${method}, which needs a shared secret that a metadata document cannot have`);
    }
    fail("has an unknown token_endpoint_auth_method");
  }

  const redirectUris = metadata.redirect_uris;
  if (!Array.isArray(redirectUris) || redirectUris.length === 0) return fail("must list its redirect_uris");
  for (const uri of redirectUris as unknown[]) {
    const problem = redirectUriProblem(uri);
    if (problem !== undefined) fail(`has a redirect URI that ${problem}`);
  }

  const grantTypes = stringList(metadata.grant_types, ["authorization_code"]) ?? fail("has grant_types that is not a list of strings");
  for (const grant of grantTypes) {
    if (grant !== "authorization_code" && grant !== "refresh_token") fail("asks for a grant type other than authorization_code and refresh_token");
  }
  if (!grantTypes.includes("authorization_code")) fail("must allow the authorization_code grant type");
  const responseTypes = stringList(metadata.response_types, ["code"]) ?? fail("has response_types that is not a list of strings");
  if (responseTypes.length === 0 || responseTypes.some((type) => type !== "code")) fail("may ask only for the code response type");

  const scope = metadata.scope;
  if (scope !== undefined && (typeof scope !== "string" || !scope.split(" ").every((token) => SCOPE_TOKEN.test(token)))) {
    fail("has a scope that is not a space-separated list of scope tokens");
  }
  const name = optionalString(metadata, "client_name") ?? fail("has a client_name that is not a string");
  const uri = optionalString(metadata, "client_uri") ?? fail("has a client_uri that is not a string");
  const logoUri = optionalString(metadata, "logo_uri") ?? fail("has a logo_uri that is not a string");
  for (const [member, value] of [
    ["client_uri", uri],
    ["logo_uri", logoUri],
  ] as const) {
    if (value !== "" && !isWebUrl(value)) fail(`has a ${member} that is not an https URL`);
  }

  return {
    clientId,
    redirectUris: redirectUris as string[],
    grantTypes: [...new Set(grantTypes)] as ("authorization_code" | "refresh_token")[],
    authMethod: "none",
    ...(typeof scope === "string" && { scopes: scope.split(" ") }),
    ...(name !== "" && { name }),
    ...(uri !== "" && { uri }),
    ...(logoUri !== "" && { logoUri }),
    metadata,
  };
}

/** The store's view of a metadata-document client (issued now, no secret). */
export function clientRecordFromDocument(document: ClientMetadataDocument, issuedAt: number): ClientRecord {
  return {
    clientId: document.clientId,
    authMethod: document.authMethod,
    redirectUris: document.redirectUris,
    grantTypes: document.grantTypes,
    ...(document.scopes !== undefined && { scopes: document.scopes }),
    ...(document.name !== undefined && { name: document.name }),
    ...(document.uri !== undefined && { uri: document.uri }),
    issuedAt,
    metadata: document.metadata,
  };
}

export interface ClientMetadataCacheOptions extends Omit<ClientMetadataFetchOptions, "signal"> {
  /** Shortest time a document is kept; default `DEFAULT_CLIENT_METADATA_CACHE_MIN_MS`. */
  readonly minTtlMs?: number;
  /** Longest time a document is kept; default `DEFAULT_CLIENT_METADATA_CACHE_MAX_MS`. */
  readonly maxTtlMs?: number;
  /** Documents held at once; default `DEFAULT_CLIENT_METADATA_CACHE_SIZE`. */
  readonly maxEntries?: number;
  /** The clock, in milliseconds (tests move it). */
  readonly now?: () => number;
}

/**
 * Metadata documents by client_id URL, each kept for the freshness its response
 * declared, clamped to [minTtlMs, maxTtlMs] (a response that declares none is kept
 * for minTtlMs). Failures and invalid documents are never kept (the draft forbids
 * it), and concurrent requests for one URL share one fetch.
 */
export class ClientMetadataCache {
  readonly #options: ClientMetadataCacheOptions;
  readonly #minTtlMs: number;
  readonly #maxTtlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  /** Oldest use first: a hit moves its entry to the end. */
  readonly #entries = new Map<string, { readonly document: ClientMetadataDocument; readonly until: number }>();
  readonly #pending = new Map<string, Promise<ClientMetadataDocument>>();

  constructor(options: ClientMetadataCacheOptions = {}) {
    this.#options = options;
    this.#minTtlMs = options.minTtlMs ?? DEFAULT_CLIENT_METADATA_CACHE_MIN_MS;
    this.#maxTtlMs = Math.max(this.#minTtlMs, options.maxTtlMs ?? DEFAULT_CLIENT_METADATA_CACHE_MAX_MS);
    this.#maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_CLIENT_METADATA_CACHE_SIZE);
    this.#now = options.now ?? Date.now;
  }

  /** The document of `clientId`, from the cache while fresh, else fetched. `signal` gives up waiting (a shared fetch goes on). */
  async get(clientId: string, signal?: AbortSignal): Promise<ClientMetadataDocument> {
    const entry = this.#entries.get(clientId);
    if (entry !== undefined) {
      this.#entries.delete(clientId);
      if (entry.until > this.#now()) {
        this.#entries.set(clientId, entry);
        return entry.document;
      }
    }
    let pending = this.#pending.get(clientId);
    if (pending === undefined) {
      pending = fetchClientMetadataDocument(clientId, this.#options)
        .then((document) => {
          this.#remember(document);
          return document;
        })
        .finally(() => this.#pending.delete(clientId));
      this.#pending.set(clientId, pending);
    }
    return signal === undefined ? pending : untilAborted(pending, signal);
  }

  /** Forgets `clientId`'s document (an operator revoking a client): the next use fetches it again. */
  delete(clientId: string): void {
    this.#entries.delete(clientId);
  }

  /** Documents held now, fresh or not yet swept. */
  get size(): number {
    return this.#entries.size;
  }

  #remember(document: ClientMetadataDocument): void {
    const declared = document.maxAgeSeconds === undefined ? 0 : document.maxAgeSeconds * 1_000;
    const ttl = Math.min(this.#maxTtlMs, Math.max(this.#minTtlMs, declared));
    this.#entries.delete(document.clientId);
    this.#entries.set(document.clientId, { document, until: this.#now() + ttl });
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(key);
    }
  }
}

const defaultLookup: ResolveHost = (hostname) => systemLookup(hostname, { all: true, verbatim: true });

/** The addresses to connect to: the IP literal itself, or every address the name resolves to. */
async function resolve(url: URL, lookup: ResolveHost, signal: AbortSignal, aborted: () => unknown): Promise<readonly ResolvedAddress[]> {
  const host = bare(url.hostname);
  if (parseIpv4(host) !== undefined) return [{ address: host, family: 4 }];
  if (parseIpv6(host) !== undefined) return [{ address: host, family: 6 }];
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await untilAborted(lookup(host), signal, aborted);
  } catch (error) {
    if (signal.aborted) throw aborted();
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    throw new ClientMetadataError("invalid_client", `the client_id host could not be resolved${code === undefined ? "" : ` (${code})`}`, String(error));
  }
  if (addresses.length === 0) throw new ClientMetadataError("invalid_client", "the client_id host resolves to no address");
  return addresses;
}

/** Every address must be public; in the test mode loopback too, and plain http goes to loopback only. */
function checkAddresses(url: URL, addresses: readonly ResolvedAddress[], allowLoopback: boolean): void {
  for (const { address } of addresses) {
    const special = specialUse(address);
    const loopbackAllowed = allowLoopback && special?.loopback === true;
    if (url.protocol === "http:" && !loopbackAllowed) {
      throw new ClientMetadataError(
        "invalid_client",
        "the client_id URL uses plain http, which is allowed only to loopback in test mode",
        `${url.host} → ${address}`,
      );
    }
    if (special !== undefined && !loopbackAllowed) {
      throw new ClientMetadataError(
        "invalid_client",
        "the client_id host resolves to an address that is not public",
        `${url.host} → ${address}: ${special.range}`,
      );
    }
  }
}

interface Fetched {
  readonly body: Buffer;
  readonly headers: http.IncomingHttpHeaders;
}

/** GET `url` from the checked `addresses` only: one status, one content type, at most `maxBytes`, no redirect. */
function get(url: URL, addresses: readonly ResolvedAddress[], maxBytes: number, signal: AbortSignal, aborted: () => unknown): Promise<Fetched> {
  // Node resolves a host name through `lookup` (one address, or all of them when it
  // races IPv4 and IPv6); answering with the addresses already checked pins the
  // connection to them, while TLS still verifies the certificate against the name.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all === true)
      callback(
        null,
        addresses.map(({ address, family }) => ({ address, family })),
      );
    else callback(null, addresses[0]?.address ?? "", addresses[0]?.family ?? 4);
  };
  return new Promise<Fetched>((resolvePromise, reject) => {
    let settled = false;
    const finish = (error: unknown, fetched?: Fetched): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      if (error === undefined && fetched !== undefined) resolvePromise(fetched);
      else {
        request.destroy();
        reject(error);
      }
    };
    const refuse = (message: string, detail?: string): void => finish(new ClientMetadataError("invalid_client", message, detail));
    const onAbort = (): void => finish(aborted());

    const request = (url.protocol === "https:" ? https : http).request({
      protocol: url.protocol,
      hostname: bare(url.hostname),
      port: url.port === "" ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: "GET",
      headers: { accept: "application/json", "accept-encoding": "identity" },
      agent: false,
      lookup: pinned,
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (signal.aborted) return onAbort();
      refuse(`the client metadata document could not be fetched${error.code === undefined ? "" : ` (${error.code})`}`, error.message);
    });
    request.on("response", (response) => {
      response.on("error", () => (signal.aborted ? onAbort() : refuse("the client metadata document was cut off")));
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) return refuse(`the client metadata URL answered with a redirect (HTTP ${status}), which is not followed`);
      if (status !== 200) return refuse(`the client metadata URL answered HTTP ${status}`);
      const type = (response.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
      if (type !== "application/json") return refuse("the client metadata document is not served as application/json");
      const encoding = response.headers["content-encoding"]?.trim().toLowerCase();
      if (encoding !== undefined && encoding !== "identity") return refuse("the client metadata document is served with a content encoding");
      const declared = Number(response.headers["content-length"] ?? 0);
      if (declared > maxBytes) return refuse(`the client metadata document is larger than ${maxBytes} bytes`);
      const chunks: Buffer[] = [];
      let received = 0;
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) return refuse(`the client metadata document is larger than ${maxBytes} bytes`);
        chunks.push(chunk);
      });
      response.on("end", () => finish(undefined, { body: Buffer.concat(chunks), headers: response.headers }));
    });
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    request.end();
  });
}

/**
 * Seconds the response stays fresh (RFC 9111 §4.2.1): Cache-Control max-age less the
 * Age it already has, else Expires less Date; 0 for no-store and no-cache; undefined
 * when the response says nothing.
 */
export function freshness(headers: http.IncomingHttpHeaders): number | undefined {
  const directives = (headers["cache-control"] ?? "")
    .toLowerCase()
    .split(",")
    .map((directive) => directive.trim());
  if (directives.includes("no-store") || directives.includes("no-cache")) return 0;
  const ages = directives.flatMap((directive) => /^max-age="?(\d+)"?$/.exec(directive)?.[1] ?? []).map(Number);
  if (ages.length > 0) {
    const age = Number(/^\d+$/.test(headers.age ?? "") ? headers.age : 0);
    return Math.max(0, Math.min(...ages) - age);
  }
  if (headers.expires !== undefined) {
    const expires = Date.parse(headers.expires);
    const date = headers.date === undefined ? Date.now() : Date.parse(headers.date);
    // An Expires that does not parse means already expired (RFC 9111 §5.3).
    return Number.isNaN(expires) || Number.isNaN(date) ? 0 : Math.max(0, Math.floor((expires - date) / 1_000));
  }
  return undefined;
}

/** Why a redirect URI is refused, or undefined: absolute, no fragment, no script scheme, plain http only to loopback. */
function redirectUriProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "is not a string";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not an absolute URL";
  }
  if (value.includes("#")) return "has a fragment";
  if (FORBIDDEN_REDIRECT_SCHEMES.has(url.protocol)) return `uses the ${url.protocol} scheme`;
  if (url.protocol === "http:" && !isLoopback(url.hostname)) return "uses plain http away from loopback";
  return undefined;
}

/** An https URL, or an http one on loopback: what the consent page may link to or show. */
function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname));
  } catch {
    return false;
  }
}

function hasPrivateKey(jwks: unknown): boolean {
  if (typeof jwks !== "object" || jwks === null) return false;
  const keys = (jwks as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.some((key) => typeof key === "object" && key !== null && PRIVATE_JWK_MEMBERS.some((member) => member in key));
}

/** The strings of a list member, `fallback` when absent, undefined when it is not a list of strings. */
function stringList(value: unknown, fallback: readonly string[]): readonly string[] | undefined {
  if (value === undefined) return fallback;
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
}

/** A string member, "" when absent, undefined when it is something else. */
function optionalString(metadata: Record<string, unknown>, member: string): string | undefined {
  const value = metadata[member];
  return value === undefined ? "" : typeof value === "string" ? value : undefined;
}

/** A URL's hostname without the brackets of an IPv6 literal. */
function bare(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

/** `promise`, or the abort reason (`aborted()`, else the signal's reason) once `signal` aborts first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, aborted: () => unknown = () => signal.reason): Promise<T> {
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolvePromise, reject) => {
    const onAbort = (): void => reject(aborted());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolvePromise(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
