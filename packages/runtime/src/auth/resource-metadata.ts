/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728), built from the manifest's `oauth2`
 * scheme: how MCP clients find the authorization server. A client that gets a 401
 * follows the challenge's `resource_metadata` here, then the authorization server's
 * own metadata (RFC 8414). The document is public and read by browser clients too, so
 * it is served to any origin.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthPolicy, OAuth2Scheme } from "../config/policies.js";

const WELL_KNOWN = "/.well-known/oauth-protected-resource";

export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly authorization_servers: readonly string[];
  readonly scopes_supported?: readonly string[];
  readonly bearer_methods_supported: readonly string[];
}

/** The manifest's `oauth2` scheme with its `resource`, if it has one. */
export function oauth2SchemeOf(policy: AuthPolicy | undefined): (OAuth2Scheme & { readonly resource: string }) | undefined {
  const scheme = policy?.schemes.find((candidate): candidate is OAuth2Scheme => candidate.type === "oauth2");
  return scheme?.resource === undefined ? undefined : (scheme as OAuth2Scheme & { readonly resource: string });
}

/** RFC 9728 §3.1: the well-known path with the resource's own path appended (`/.well-known/oauth-protected-resource/mcp`). */
export function resourceMetadataPath(resource: string): string {
  const path = new URL(resource).pathname.replace(/\/$/, "");
  return `${WELL_KNOWN}${path}`;
}

/** The absolute URL a 401 challenge names as `resource_metadata`. */
export function resourceMetadataUrl(resource: string): string {
  return `${new URL(resource).origin}${resourceMetadataPath(resource)}`;
}

/** `challenge` with the `resource_metadata` of the policy's `oauth2` scheme, unless it names one already. */
export function withResourceMetadata<T extends { readonly resourceMetadataUrl?: string }>(challenge: T, policy: AuthPolicy | undefined): T {
  const oauth2 = oauth2SchemeOf(policy);
  return challenge.resourceMetadataUrl !== undefined || oauth2 === undefined
    ? challenge
    : { ...challenge, resourceMetadataUrl: resourceMetadataUrl(oauth2.resource) };
}

/** The paths the document is served at: the path-suffixed form, and the root form that clients try next. */
export function resourceMetadataPaths(resource: string): string[] {
  return [...new Set([resourceMetadataPath(resource), WELL_KNOWN])];
}

export function protectedResourceMetadata(scheme: OAuth2Scheme & { readonly resource: string }): ProtectedResourceMetadata {
  return {
    resource: scheme.resource,
    authorization_servers: [...scheme.authorizationServers],
    ...(scheme.scopesSupported !== undefined && { scopes_supported: [...scheme.scopesSupported] }),
    // Tokens are read from the Authorization header only (RFC 6750 §2.1); never from a query or body.
    bearer_methods_supported: ["header"],
  };
}

/** Answers GET/HEAD with the document (any origin may read it), OPTIONS as a CORS preflight, anything else 405. */
export function resourceMetadataHandler(document: ProtectedResourceMetadata): (req: IncomingMessage, res: ServerResponse) => void {
  const body = Buffer.from(JSON.stringify(document));
  const cors = { "access-control-allow-origin": "*", "access-control-allow-methods": "GET, HEAD, OPTIONS" };
  return function protectedResourceMetadataHandler(req, res) {
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...cors, "access-control-max-age": "86400" }).end();
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...cors, allow: "GET, HEAD, OPTIONS", "content-type": "application/json" }).end('{"error":"method_not_allowed"}');
      return;
    }
    res.writeHead(200, { ...cors, "content-type": "application/json", "content-length": body.length, "cache-control": "public, max-age=3600" });
    res.end(req.method === "HEAD" ? undefined : body);
  };
}
