/**
 * Client ID Metadata Documents (oauth-server/client-metadata-document.ts), fetched from
 * real loopback HTTP servers: the test mode, the SSRF guards (names resolving to
 * private, loopback or metadata-service addresses through an injected resolver, IP
 * literals, DNS rebinding), no redirects, the size and time limits, the content type,
 * the document's checks, and the cache's lifetimes.
 */
import { once } from "node:events";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  ClientMetadataCache,
  ClientMetadataError,
  type ResolvedAddress,
  clientRecordFromDocument,
  fetchClientMetadataDocument,
  freshness,
  isClientIdMetadataUrl,
  parseClientMetadataDocument,
} from "../../../packages/runtime/src/oauth-server/client-metadata-document.js";

interface TestServer {
  readonly origin: string;
  readonly port: number;
  /** Requests received, in order. */
  readonly requests: IncomingMessage[];
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
    await once(server, "close");
  }
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse, origin: string) => void): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  let origin = "";
  const server = createServer((request, response) => {
    requests.push(request);
    handler(request, response, origin);
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return { origin, port, requests };
}

/** A valid document for `clientId`. */
function documentFor(clientId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client_id: clientId,
    client_name: "Example MCP Client",
    client_uri: "https://app.example.com",
    logo_uri: "https://app.example.com/logo.png",
    redirect_uris: ["http://127.0.0.1:3000/callback", "http://localhost:3000/callback"],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    ...extra,
  };
}

/** A server answering every path with the valid document for that path's URL (the Host header decides the origin). */
function documentServer(headers: Record<string, string> = {}): Promise<TestServer> {
  return serve((request, response) => {
    const body = JSON.stringify(documentFor(`http://${request.headers.host}${request.url}`));
    response.writeHead(200, { "content-type": "application/json; charset=utf-8", ...headers });
    response.end(body);
  });
}

/** A resolver that answers every name with `addresses`, counting its calls. */
function resolver(...addresses: string[]): { lookup: (hostname: string) => Promise<ResolvedAddress[]>; names: string[] } {
  const names: string[] = [];
  return {
    names,
    lookup: async (hostname) => {
      names.push(hostname);
      return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    },
  };
}

/** The ClientMetadataError a promise rejects with. */
async function refusal(promise: Promise<unknown>): Promise<ClientMetadataError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ClientMetadataError);
  return error as ClientMetadataError;
}

describe("fetching a client metadata document", () => {
  it("reads a valid document over plain http from 127.0.0.1 in the test mode", async () => {
    const server = await documentServer({ "cache-control": "public, max-age=600" });
    const clientId = `${server.origin}/oauth/client.json`;
    const document = await fetchClientMetadataDocument(clientId, { allowLoopback: true });
    expect(document).toMatchObject({
      clientId,
      redirectUris: ["http://127.0.0.1:3000/callback", "http://localhost:3000/callback"],
      grantTypes: ["authorization_code", "refresh_token"],
      authMethod: "none",
      name: "Example MCP Client",
      uri: "https://app.example.com",
      logoUri: "https://app.example.com/logo.png",
      maxAgeSeconds: 600,
    });
    expect(document.metadata.client_id).toBe(clientId);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.accept).toBe("application/json");
    expect(clientRecordFromDocument(document, 1_700_000_000)).toEqual({
      clientId,
      authMethod: "none",
      redirectUris: document.redirectUris,
      grantTypes: ["authorization_code", "refresh_token"],
      name: "Example MCP Client",
      uri: "https://app.example.com",
      issuedAt: 1_700_000_000,
      metadata: document.metadata,
    });
  });

  it("refuses the same URL without the test mode, before connecting", async () => {
    const server = await documentServer();
    const error = await refusal(fetchClientMetadataDocument(`${server.origin}/client.json`));
    expect(error.error).toBe("invalid_request");
    expect(error.message).toBe("the client_id URL must use https");
    expect(server.requests).toHaveLength(0);
  });

  it("refuses an https URL on 127.0.0.1 without the test mode, before connecting", async () => {
    const server = await documentServer();
    const error = await refusal(fetchClientMetadataDocument(`https://127.0.0.1:${server.port}/client.json`));
    expect(error.message).toBe("the client_id host resolves to an address that is not public");
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ["10.0.0.1", "10.0.0.0/8 (private use)"],
    ["169.254.169.254", "169.254.0.0/16 (link-local)"],
    ["::1", "::1/128 (loopback)"],
    ["::ffff:127.0.0.1", "::ffff:0:0/96 (IPv4-mapped) → 127.0.0.0/8 (loopback)"],
    ["fd00::1", "fc00::/7 (unique local)"],
    ["100.100.100.200", "100.64.0.0/10 (shared address space)"],
    ["fd00:ec2::254", "fc00::/7 (unique local)"],
    ["0.0.0.0", "0.0.0.0/8 (this network)"],
  ])("refuses a name that resolves to %s, naming the address only in the detail", async (address, range) => {
    const { lookup, names } = resolver(address);
    const error = await refusal(fetchClientMetadataDocument("https://client.example/oauth/client.json", { lookup }));
    expect(names).toEqual(["client.example"]);
    expect(error.error).toBe("invalid_client");
    expect(error.message).toBe("the client_id host resolves to an address that is not public");
    expect(error.message).not.toContain(address);
    expect(error.detail).toBe(`client.example → ${address}: ${range}`);
  });

  it("refuses a name when any one of its addresses is not public", async () => {
    const { lookup } = resolver("8.8.8.8", "2001:4860:4860::8888", "10.0.0.1");
    const error = await refusal(fetchClientMetadataDocument("https://client.example/client.json", { lookup }));
    expect(error.detail).toBe("client.example → 10.0.0.1: 10.0.0.0/8 (private use)");
  });

  it("refuses a name that resolves to nothing, or fails to resolve", async () => {
    expect((await refusal(fetchClientMetadataDocument("https://client.example/c.json", { lookup: async () => [] }))).message).toBe(
      "the client_id host resolves to no address",
    );
    const notFound = Object.assign(new Error("getaddrinfo ENOTFOUND client.example"), { code: "ENOTFOUND" });
    const error = await refusal(fetchClientMetadataDocument("https://client.example/c.json", { lookup: () => Promise.reject(notFound) }));
    expect(error.message).toBe("the client_id host could not be resolved (ENOTFOUND)");
  });

  it("keeps the test mode to loopback: a private address is still refused, and plain http never leaves loopback", async () => {
    const toPrivate = resolver("10.0.0.1");
    expect((await refusal(fetchClientMetadataDocument("https://client.test/c.json", { allowLoopback: true, lookup: toPrivate.lookup }))).message).toBe(
      "the client_id host resolves to an address that is not public",
    );
    const toPublic = resolver("8.8.8.8");
    expect((await refusal(fetchClientMetadataDocument("http://client.test/c.json", { allowLoopback: true, lookup: toPublic.lookup }))).message).toBe(
      "the client_id URL uses plain http, which is allowed only to loopback in test mode",
    );
  });

  it.each([
    ["https://10.0.0.1/client.json", "10.0.0.0/8 (private use)"],
    ["https://169.254.169.254/latest/meta-data/", "169.254.0.0/16 (link-local)"],
    ["https://[::1]/client.json", "::1/128 (loopback)"],
    ["https://[::ffff:7f00:1]/client.json", "::ffff:0:0/96 (IPv4-mapped) → 127.0.0.0/8 (loopback)"],
    ["https://[fd00::1]:8443/client.json", "fc00::/7 (unique local)"],
    ["https://0.0.0.0/client.json", "0.0.0.0/8 (this network)"],
  ])("checks an IP-literal host itself, without resolving it: %s", async (clientId, range) => {
    const { lookup, names } = resolver("8.8.8.8");
    const error = await refusal(fetchClientMetadataDocument(clientId, { lookup }));
    expect(names).toEqual([]);
    expect(error.detail).toContain(range);
  });

  it("refuses IP literals the URL parser rewrites (0x7f.1, 2130706433) as not normalized, before any lookup", async () => {
    const { lookup, names } = resolver("8.8.8.8");
    for (const clientId of ["https://0x7f.1/client.json", "https://2130706433/client.json", "https://[0:0:0:0:0:0:0:1]/client.json"]) {
      const error = await refusal(fetchClientMetadataDocument(clientId, { lookup }));
      expect(error.error, clientId).toBe("invalid_request");
      expect(error.message, clientId).toMatch(/^the client_id URL is not in normalized form/);
    }
    expect(names).toEqual([]);
  });

  it("connects to the address it checked: resolves once, and a second, rebinding answer is never asked for", async () => {
    const server = await documentServer();
    let calls = 0;
    // The first answer is loopback (allowed in the test mode); any later one would be a private address.
    const lookup = async (): Promise<ResolvedAddress[]> => [{ address: calls++ === 0 ? "127.0.0.1" : "10.0.0.1", family: 4 }];
    const clientId = `http://client.test:${server.port}/client.json`;
    const document = await fetchClientMetadataDocument(clientId, { allowLoopback: true, lookup });
    expect(document.clientId).toBe(clientId);
    expect(calls).toBe(1);
    expect(server.requests[0]?.headers.host).toBe(`client.test:${server.port}`);
  });

  it("does not follow a redirect", async () => {
    const server = await serve((request, response, origin) => {
      if (request.url === "/moved") response.writeHead(302, { location: `${origin}/client.json` }).end();
      else response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(documentFor(`${origin}/moved`)));
    });
    const error = await refusal(fetchClientMetadataDocument(`${server.origin}/moved`, { allowLoopback: true }));
    expect(error.message).toBe("the client metadata URL answered with a redirect (HTTP 302), which is not followed");
    expect(server.requests.map((request) => request.url)).toEqual(["/moved"]);
  });

  it("refuses any status but 200", async () => {
    const server = await serve((_request, response) => response.writeHead(404, { "content-type": "application/json" }).end("{}"));
    expect((await refusal(fetchClientMetadataDocument(`${server.origin}/client.json`, { allowLoopback: true }))).message).toBe(
      "the client metadata URL answered HTTP 404",
    );
  });

  it("stops reading a body that streams past the limit, and cuts the connection", async () => {
    let closed!: Promise<unknown>;
    let sent = 0;
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"client_id":"');
      const timer = setInterval(() => {
        sent += 1_024;
        response.write("x".repeat(1_024));
      }, 2);
      closed = once(response, "close").then(() => clearInterval(timer));
    });
    const error = await refusal(fetchClientMetadataDocument(`${server.origin}/client.json`, { allowLoopback: true, maxBytes: 4_096 }));
    expect(error.message).toBe("the client metadata document is larger than 4096 bytes");
    await closed;
    expect(sent).toBeLessThan(64 * 1_024);
  });

  it("refuses a declared Content-Length over the limit without waiting for the body", async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": 1_000_000 });
      response.write("{");
    });
    const error = await refusal(fetchClientMetadataDocument(`${server.origin}/client.json`, { allowLoopback: true, timeoutMs: 2_000 }));
    expect(error.message).toBe("the client metadata document is larger than 5120 bytes");
  });

  it("reads up to 5 KiB by default", async () => {
    const server = await serve((request, response, origin) => {
      const document = documentFor(`${origin}${request.url}`);
      const size = request.url === "/big.json" ? 5 * 1_024 + 1 : 5 * 1_024;
      const body = JSON.stringify({ ...document, padding: "x".repeat(size - JSON.stringify({ ...document, padding: "" }).length) });
      expect(body).toHaveLength(size);
      response.writeHead(200, { "content-type": "application/json" }).end(body);
    });
    expect((await fetchClientMetadataDocument(`${server.origin}/exact.json`, { allowLoopback: true })).metadata.padding).toBeDefined();
    expect((await refusal(fetchClientMetadataDocument(`${server.origin}/big.json`, { allowLoopback: true }))).message).toBe(
      "the client metadata document is larger than 5120 bytes",
    );
  });

  it("gives up on a server that never answers, within the time limit", async () => {
    const server = await serve(() => {});
    const started = performance.now();
    const error = await refusal(fetchClientMetadataDocument(`${server.origin}/client.json`, { allowLoopback: true, timeoutMs: 200 }));
    expect(error.message).toBe("the client metadata document did not arrive within 200 ms");
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });

  it("counts the body against the same time limit: headers then a stall", async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"client_id":');
    });
    const error = await refusal(fetchClientMetadataDocument(`${server.origin}/client.json`, { allowLoopback: true, timeoutMs: 200 }));
    expect(error.message).toBe("the client metadata document did not arrive within 200 ms");
  });

  it("counts a slow resolver against the time limit", async () => {
    const lookup = (): Promise<ResolvedAddress[]> => new Promise(() => {});
    const error = await refusal(fetchClientMetadataDocument("https://client.example/client.json", { lookup, timeoutMs: 100 }));
    expect(error.message).toBe("the client metadata document did not arrive within 100 ms");
  });

  it("rejects with the caller's reason when the caller aborts", async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const fetching = fetchClientMetadataDocument(`${server.origin}/client.json`, { allowLoopback: true, signal: controller.signal });
    await once(servers[0] as Server, "request");
    const reason = new Error("user went away");
    controller.abort(reason);
    await expect(fetching).rejects.toBe(reason);
  });

  it("rejects at once when the caller's signal is already aborted, without a request", async () => {
    const server = await documentServer();
    const reason = new Error("too late");
    await expect(fetchClientMetadataDocument(`${server.origin}/client.json`, { allowLoopback: true, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it.each([["text/html"], ["text/plain"], ["application/jsonp"], ["application/x-www-form-urlencoded"], [""]])("refuses the content type %j", async (type) => {
    const server = await serve((request, response, origin) => {
      response.writeHead(200, type === "" ? {} : { "content-type": type }).end(JSON.stringify(documentFor(`${origin}${request.url}`)));
    });
    expect((await refusal(fetchClientMetadataDocument(`${server.origin}/client.json`, { allowLoopback: true }))).message).toBe(
      "the client metadata document is not served as application/json",
    );
  });

  it("refuses a compressed body", async () => {
    const server = await serve((_request, response) => response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end("x"));
    expect((await refusal(fetchClientMetadataDocument(`${server.origin}/client.json`, { allowLoopback: true }))).message).toBe(
      "the client metadata document is served with a content encoding",
    );
  });

  it("refuses a document whose client_id is not its URL, and one that is not JSON", async () => {
    const server = await serve((request, response, origin) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(request.url === "/broken.json" ? "{not json" : JSON.stringify(documentFor(`${origin}/other.json`)));
    });
    const mismatch = await refusal(fetchClientMetadataDocument(`${server.origin}/client.json`, { allowLoopback: true }));
    expect(mismatch.error).toBe("invalid_client");
    expect(mismatch.message).toBe("the client metadata document has a client_id that is not its URL");
    expect((await refusal(fetchClientMetadataDocument(`${server.origin}/broken.json`, { allowLoopback: true }))).message).toBe(
      "the client metadata document is not valid JSON",
    );
  });

  it("refuses a server that closes the connection without answering", async () => {
    const server = await serve((request) => request.socket.destroy());
    const error = await refusal(fetchClientMetadataDocument(`${server.origin}/client.json`, { allowLoopback: true }));
    expect(error.message).toBe("the client metadata document could not be fetched (ECONNRESET)");
  });
});

describe("which client_ids are metadata URLs", () => {
  it("accepts https URLs with a path, a port or a query", () => {
    for (const clientId of [
      "https://app.example.com/oauth/client-metadata.json",
      "https://app.example.com/",
      "https://app.example.com:8443/client",
      "https://app.example.com/client?version=2",
      "https://xn--bcher-kva.example/client",
      "https://8.8.8.8/client",
    ]) {
      expect(isClientIdMetadataUrl(clientId), clientId).toBe(true);
    }
  });

  it("refuses other schemes, userinfo, fragments, dot segments, missing paths and unnormalized spellings", () => {
    for (const clientId of [
      "client-123",
      "",
      "http://app.example.com/client",
      "ftp://app.example.com/client",
      "urn:example:client",
      "https://app.example.com",
      "https://app.example.com?x=1",
      "https://user@app.example.com/client",
      "https://user:secret@app.example.com/client",
      "https://@app.example.com/client",
      "https://app.example.com/client#frag",
      "https://app.example.com/client#",
      "https://app.example.com/a/../client",
      "https://app.example.com/./client",
      "https://app.example.com/a/%2e%2e/client",
      "https://app.example.com/a/.%2E/client",
      "https://app.example.com/client/.",
      "https://APP.example.com/client",
      "https://app.example.com:443/client",
      "HTTPS://app.example.com/client",
      "https://app.example.com/client with space",
      "https://bücher.example/client",
      `https://app.example.com/${"a".repeat(2_048)}`,
    ]) {
      expect(isClientIdMetadataUrl(clientId), clientId).toBe(false);
    }
  });

  it("accepts plain http only in the test mode", () => {
    expect(isClientIdMetadataUrl("http://127.0.0.1:3000/client.json")).toBe(false);
    expect(isClientIdMetadataUrl("http://127.0.0.1:3000/client.json", { allowLoopback: true })).toBe(true);
  });
});

describe("checking a document", () => {
  const clientId = "https://app.example.com/client.json";
  const problem = (extra: Record<string, unknown>, without: string[] = []): string | undefined => {
    const document = documentFor(clientId, extra);
    for (const member of without) delete document[member];
    try {
      parseClientMetadataDocument(clientId, document);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(ClientMetadataError);
      expect((error as ClientMetadataError).error).toBe("invalid_client");
      return (error as Error).message.replace(/^the client metadata document /, "");
    }
  };

  it("fills the defaults of an absent method, grant types and response types (none, authorization_code, code)", () => {
    const document = parseClientMetadataDocument(clientId, {
      client_id: clientId,
      redirect_uris: ["https://app.example.com/callback"],
      scope: "tools:read tools:call",
    });
    expect(document).toEqual({
      clientId,
      redirectUris: ["https://app.example.com/callback"],
      grantTypes: ["authorization_code"],
      authMethod: "none",
      scopes: ["tools:read", "tools:call"],
      metadata: { client_id: clientId, redirect_uris: ["https://app.example.com/callback"], scope: "tools:read tools:call" },
    });
  });

  it("refuses secrets, private keys and every method but none", () => {
    expect(problem({ client_secret: "s3cret" })).toBe("must not contain a client secret");
    expect(problem({ client_secret_expires_at: 0 })).toBe("must not contain a client secret");
    expect(problem({ jwks: { keys: [{ kty: "EC", crv: "P-256", x: "x", y: "y", d: "private" }] } })).toBe("must not contain private key material in jwks");
    expect(problem({ jwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] } })).toBe("must not contain private key material in jwks");
    expect(problem({ jwks: { keys: [{ kty: "EC", crv: "P-256", x: "x", y: "y" }] } })).toBeUndefined();
    expect(problem({ token_endpoint_auth_method: "private_key_jwt", jwks_uri: "https://app.example.com/jwks.json" })).toBe(
      "asks for private_key_jwt client authentication, which this server does not support (use none)",
    );
    expect(problem({ token_endpoint_auth_method: "client_secret_basic" })).toBe(
      "asks for client_secret_basic, which needs a shared secret that a metadata document cannot have",
    );
    expect(problem({ token_endpoint_auth_method: "client_secret_post" })).toMatch(/^asks for client_secret_post/);
    expect(problem({ token_endpoint_auth_method: "client_secret_jwt" })).toMatch(/^asks for client_secret_jwt/);
    expect(problem({ token_endpoint_auth_method: "tls_client_auth" })).toBe("has an unknown token_endpoint_auth_method");
    expect(problem({ token_endpoint_auth_method: 7 })).toBe("has an unknown token_endpoint_auth_method");
  });

  it("needs redirect URIs: absolute, without fragment, no script scheme, plain http only on loopback", () => {
    expect(problem({}, ["redirect_uris"])).toBe("must list its redirect_uris");
    expect(problem({ redirect_uris: [] })).toBe("must list its redirect_uris");
    expect(problem({ redirect_uris: "https://app.example.com/cb" })).toBe("must list its redirect_uris");
    expect(problem({ redirect_uris: [7] })).toBe("has a redirect URI that is not a string");
    expect(problem({ redirect_uris: ["/callback"] })).toBe("has a redirect URI that is not an absolute URL");
    expect(problem({ redirect_uris: ["https://app.example.com/cb#x"] })).toBe("has a redirect URI that has a fragment");
    expect(problem({ redirect_uris: ["javascript:alert(1)"] })).toBe("has a redirect URI that uses the javascript: scheme");
    expect(problem({ redirect_uris: ["data:text/html,hi"] })).toBe("has a redirect URI that uses the data: scheme");
    expect(problem({ redirect_uris: ["http://app.example.com/cb"] })).toBe("has a redirect URI that uses plain http away from loopback");
    expect(
      problem({ redirect_uris: ["http://[::1]:8080/cb", "http://127.0.0.1/cb", "https://app.example.com/cb", "com.example.app:/oauth2redirect"] }),
    ).toBeUndefined();
  });

  it("allows the authorization_code and refresh_token grants and the code response type only", () => {
    expect(problem({ grant_types: ["authorization_code"] })).toBeUndefined();
    expect(problem({ grant_types: ["client_credentials"] })).toBe("asks for a grant type other than authorization_code and refresh_token");
    expect(problem({ grant_types: ["authorization_code", "urn:ietf:params:oauth:grant-type:token-exchange"] })).toMatch(/grant type other than/);
    expect(problem({ grant_types: ["refresh_token"] })).toBe("must allow the authorization_code grant type");
    expect(problem({ grant_types: "authorization_code" })).toBe("has grant_types that is not a list of strings");
    expect(problem({ response_types: ["token"] })).toBe("may ask only for the code response type");
    expect(problem({ response_types: [] })).toBe("may ask only for the code response type");
    expect(problem({ response_types: [1] })).toBe("has response_types that is not a list of strings");
  });

  it("checks the display members and the scope", () => {
    expect(problem({ client_name: 7 })).toBe("has a client_name that is not a string");
    expect(problem({ client_uri: "javascript:alert(1)" })).toBe("has a client_uri that is not an https URL");
    expect(problem({ logo_uri: "http://cdn.example.com/logo.png" })).toBe("has a logo_uri that is not an https URL");
    expect(problem({ logo_uri: ["https://app.example.com/logo.png"] })).toBe("has a logo_uri that is not a string");
    expect(problem({ scope: "a  b" })).toBe("has a scope that is not a space-separated list of scope tokens");
    expect(problem({ scope: 'quote"' })).toBe("has a scope that is not a space-separated list of scope tokens");
    expect(problem({ scope: "" })).toBe("has a scope that is not a space-separated list of scope tokens");
  });

  it("refuses anything but a JSON object", () => {
    for (const json of [null, [], "text", 7]) {
      expect(() => parseClientMetadataDocument(clientId, json)).toThrow("the client metadata document is not a JSON object");
    }
  });
});

describe("freshness", () => {
  it("reads max-age less Age, no-store and no-cache, then Expires less Date", () => {
    expect(freshness({})).toBeUndefined();
    expect(freshness({ "cache-control": "public, max-age=600" })).toBe(600);
    expect(freshness({ "cache-control": 'max-age="60"' })).toBe(60);
    expect(freshness({ "cache-control": "max-age=600, max-age=30" })).toBe(30);
    expect(freshness({ "cache-control": "max-age=600", age: "100" })).toBe(500);
    expect(freshness({ "cache-control": "max-age=60", age: "100" })).toBe(0);
    expect(freshness({ "cache-control": "max-age=600, no-store" })).toBe(0);
    expect(freshness({ "cache-control": "No-Cache" })).toBe(0);
    expect(freshness({ "cache-control": "max-age=-1" })).toBeUndefined();
    expect(freshness({ expires: "Wed, 21 Oct 2015 08:28:00 GMT", date: "Wed, 21 Oct 2015 07:28:00 GMT" })).toBe(3_600);
    expect(freshness({ expires: "0", date: "Wed, 21 Oct 2015 07:28:00 GMT" })).toBe(0);
    expect(freshness({ "cache-control": "max-age=5", expires: "Wed, 21 Oct 2015 08:28:00 GMT", date: "Wed, 21 Oct 2015 07:28:00 GMT" })).toBe(5);
  });
});

describe("the metadata cache", () => {
  /** A clock the test moves, and a cache in the test mode reading it. */
  function clockedCache(options: { maxEntries?: number } = {}): { cache: ClientMetadataCache; advance: (ms: number) => void } {
    let now = 1_000_000;
    const cache = new ClientMetadataCache({ allowLoopback: true, now: () => now, ...options });
    return { cache, advance: (ms) => (now += ms) };
  }

  it("answers a second request from the cache, without fetching again", async () => {
    const server = await documentServer({ "cache-control": "max-age=600" });
    const { cache } = clockedCache();
    const first = await cache.get(`${server.origin}/client.json`);
    const second = await cache.get(`${server.origin}/client.json`);
    expect(second).toBe(first);
    expect(server.requests).toHaveLength(1);
    expect(cache.size).toBe(1);
  });

  it("keeps a document for its max-age, then fetches it again", async () => {
    const server = await documentServer({ "cache-control": "max-age=600" });
    const { cache, advance } = clockedCache();
    const clientId = `${server.origin}/client.json`;
    await cache.get(clientId);
    advance(599_000);
    await cache.get(clientId);
    expect(server.requests).toHaveLength(1);
    advance(2_000);
    await cache.get(clientId);
    expect(server.requests).toHaveLength(2);
  });

  it("keeps a document at least 5 minutes (no-store, a short max-age, no header) and at most 24 hours", async () => {
    const server = await serve((request, response, origin) => {
      const cacheControl = { "/no-store": "no-store", "/short": "max-age=10", "/long": "max-age=31536000" }[request.url ?? ""];
      response.writeHead(200, { "content-type": "application/json", ...(cacheControl !== undefined && { "cache-control": cacheControl }) });
      response.end(JSON.stringify(documentFor(`${origin}${request.url}`)));
    });
    const { cache, advance } = clockedCache();
    const paths = ["/no-store", "/short", "/none", "/long"];
    for (const path of paths) await cache.get(`${server.origin}${path}`);
    const fetched = (path: string): number => server.requests.filter((request) => request.url === path).length;

    advance(5 * 60_000 - 1);
    for (const path of paths) await cache.get(`${server.origin}${path}`);
    expect(paths.map(fetched)).toEqual([1, 1, 1, 1]);

    advance(2);
    for (const path of paths) await cache.get(`${server.origin}${path}`);
    expect(paths.map(fetched)).toEqual([2, 2, 2, 1]);

    advance(24 * 60 * 60_000);
    await cache.get(`${server.origin}/long`);
    expect(fetched("/long")).toBe(2);
  });

  it("never keeps a failure or an invalid document", async () => {
    let status = 503;
    const server = await serve((request, response, origin) => {
      response.writeHead(status, { "content-type": "application/json", "cache-control": "max-age=3600" });
      response.end(JSON.stringify(documentFor(`${origin}${request.url}`)));
    });
    const { cache } = clockedCache();
    const clientId = `${server.origin}/client.json`;
    await refusal(cache.get(clientId));
    expect(cache.size).toBe(0);
    status = 200;
    await cache.get(clientId);
    await cache.get(clientId);
    expect(server.requests).toHaveLength(2);
  });

  it("shares one fetch among concurrent requests; a waiter that gives up does not cancel it for the others", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = await serve((request, response, origin) => {
      void gate.then(() => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(documentFor(`${origin}${request.url}`))));
    });
    const { cache } = clockedCache();
    const clientId = `${server.origin}/client.json`;
    const controller = new AbortController();
    const impatient = cache.get(clientId, controller.signal);
    const patient = [cache.get(clientId), cache.get(clientId)];
    await once(servers[0] as Server, "request");
    controller.abort(new Error("gave up"));
    await expect(impatient).rejects.toThrow("gave up");
    release();
    const [first, second] = await Promise.all(patient);
    expect(second).toBe(first);
    expect(server.requests).toHaveLength(1);
  });

  it("holds at most maxEntries documents, dropping the least recently used", async () => {
    const server = await documentServer({ "cache-control": "max-age=600" });
    const { cache } = clockedCache({ maxEntries: 2 });
    const [a, b, c] = ["/a", "/b", "/c"].map((path) => `${server.origin}${path}`) as [string, string, string];
    await cache.get(a);
    await cache.get(b);
    await cache.get(a);
    await cache.get(c);
    expect(cache.size).toBe(2);
    await cache.get(a);
    expect(server.requests.map((request) => request.url)).toEqual(["/a", "/b", "/c"]);
    await cache.get(b);
    expect(server.requests.map((request) => request.url)).toEqual(["/a", "/b", "/c", "/b"]);
    cache.delete(b);
    await cache.get(b);
    expect(server.requests).toHaveLength(5);
  });
});
