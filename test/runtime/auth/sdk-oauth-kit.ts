/**
 * What the tests of the official MCP SDK clients signing in by themselves share: an
 * in-memory `OAuthClientProvider` (usable as the v1 and the v2 SDK's, structurally), a
 * fetch that records the SDK's requests, and the checks of the authorization request the
 * SDK builds and of the redirect the user's answer sends back.
 */
import { expect } from "vitest";

/** The client's redirect_uri: nothing listens there, the tests only read the Location pointing at it. */
export const REDIRECT_URI = "http://127.0.0.1:9/callback";
export const STATE = "state-123";

export type ToolResult = { content: { text: string }[]; isError?: boolean };

/** The tokens as the SDK saves them (the fields the tests read). */
export type SavedTokens = { access_token: string; refresh_token?: string | undefined };

export interface MemoryProviderOptions {
  /** The grant types asked for at registration; default `["authorization_code"]`. */
  readonly grantTypes?: readonly string[];
  /** A Client ID Metadata Document URL: the SDK uses it as the client_id when the authorization server supports them. */
  readonly clientMetadataUrl?: string;
  /** Whether it implements `invalidateCredentials` (default true); without it the SDK cannot drop credentials the server refused. */
  readonly invalidates?: boolean;
}

/**
 * An in-memory OAuth client provider as a CLI client would keep one; records what the
 * SDK hands it: the client, the tokens, the authorization URL it was sent to,
 * and which credentials it was asked to forget.
 */
export class MemoryProvider {
  client: { client_id: string } | undefined;
  saved: SavedTokens | undefined;
  /** What `invalidateCredentials` was called with, in order. */
  readonly invalidated: string[] = [];
  verifier = "";
  discovery: unknown;
  authorizationUrl: URL | undefined;
  /** How many times the SDK sent the user to authorize. */
  redirects = 0;
  readonly clientMetadataUrl?: string;
  readonly invalidateCredentials?: (scope: string) => void;
  readonly #grantTypes: readonly string[];

  constructor(options: MemoryProviderOptions = {}) {
    this.#grantTypes = options.grantTypes ?? ["authorization_code"];
    if (options.clientMetadataUrl !== undefined) this.clientMetadataUrl = options.clientMetadataUrl;
    if (options.invalidates !== false) this.invalidateCredentials = (scope) => this.#invalidate(scope);
  }

  get redirectUrl(): string {
    return REDIRECT_URI;
  }
  get clientMetadata() {
    return {
      client_name: "turbomcp sdk oauth test",
      redirect_uris: [REDIRECT_URI],
      grant_types: [...this.#grantTypes],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  state(): string {
    return STATE;
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: { client_id: string }): void {
    this.client = info;
  }
  tokens() {
    return this.saved as never;
  }
  saveTokens(tokens: SavedTokens): void {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
    this.redirects += 1;
  }
  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }
  codeVerifier(): string {
    return this.verifier;
  }
  saveDiscoveryState(state: unknown): void {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery as never;
  }
  #invalidate(scope: string): void {
    this.invalidated.push(scope);
    if (scope === "all" || scope === "tokens") this.saved = undefined;
    if (scope === "all" || scope === "client") this.client = undefined;
    if (scope === "all" || scope === "verifier") this.verifier = "";
    if (scope === "all" || scope === "discovery") this.discovery = undefined;
  }
}

/**
 * A fetch that records `METHOD url status` of every request the SDK makes, each origin
 * in `names` written as its name (`{ "{mcp}": base }` turns `http://127.0.0.1:1234/mcp` into `{mcp}/mcp`).
 */
export function recordingFetch(log: string[], names: Readonly<Record<string, string>>): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    let url = input instanceof Request ? input.url : String(input);
    const named = Object.entries(names).find(([, origin]) => url === origin || url.startsWith(`${origin}/`));
    if (named !== undefined) url = `${named[0]}${url.slice(named[1].length)}`;
    log.push(`${init?.method ?? (input instanceof Request ? input.method : "GET")} ${url} ${response.status}`);
    return response;
  };
}

/** The authorization request the SDK sent the user to: this client, the code flow, PKCE S256 and the resource (RFC 8707). */
export function expectAuthorizationRequest(provider: MemoryProvider, expected: { endpoint: string; resource: string }): URL {
  expect(provider.client?.client_id).toEqual(expect.any(String));
  const url = provider.authorizationUrl;
  if (url === undefined) throw new Error("the SDK sent the user nowhere");
  expect(`${url.origin}${url.pathname}`).toBe(expected.endpoint);
  const query = url.searchParams;
  expect(query.get("client_id")).toBe(provider.client?.client_id);
  expect(query.get("response_type")).toBe("code");
  expect(query.get("code_challenge_method")).toBe("S256");
  expect(query.get("code_challenge")).toMatch(/^[\w-]{43}$/);
  expect(query.get("resource")).toBe(expected.resource);
  expect(query.get("redirect_uri")).toBe(REDIRECT_URI);
  expect(query.get("state")).toBe(STATE);
  return url;
}

/** The user's answer: a redirect to the client with a code, the state and the issuer (RFC 9207). */
export function expectCodeBack(location: string | URL, issuer: string): URL {
  const back = new URL(location);
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
  expect(back.searchParams.get("error")).toBeNull();
  expect(back.searchParams.get("state")).toBe(STATE);
  expect(back.searchParams.get("iss")).toBe(issuer);
  expect(back.searchParams.get("code")).toEqual(expect.any(String));
  return back;
}
