/**
 * Authorization server metadata, found the way the MCP authorization spec asks a
 * client to find it: RFC 8414 first (`/.well-known/oauth-authorization-server`, with
 * the issuer's path appended), then OpenID Connect Discovery (path inserted, then
 * appended). The document's `issuer` must be the configured issuer exactly
 * (RFC 8414 §3.3), or a look-alike could hand out its own keys.
 */

export interface AuthorizationServerMetadata {
  readonly issuer: string;
  readonly jwks_uri?: string;
  readonly introspection_endpoint?: string;
}

/** The discovery URLs for an issuer, in the order the MCP authorization spec tries them. */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, "");
  const at = (wellKnown: string): string => `${url.origin}/.well-known/${wellKnown}${path}`;
  return path === ""
    ? [at("oauth-authorization-server"), at("openid-configuration")]
    : [at("oauth-authorization-server"), at("openid-configuration"), `${url.origin}${path}/.well-known/openid-configuration`];
}

/** Fetches the issuer's metadata; rejects with a message for the operator's log when none of the documents is usable. */
export async function fetchAuthorizationServerMetadata(issuer: string, timeoutMs: number): Promise<AuthorizationServerMetadata> {
  const problems: string[] = [];
  for (const url of metadataUrls(issuer)) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: "application/json" }, redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      problems.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (!response.ok) {
      problems.push(`${url}: HTTP ${response.status}`);
      continue;
    }
    const document: unknown = await response.json().catch(() => undefined);
    if (typeof document !== "object" || document === null) {
      problems.push(`${url}: not a JSON object`);
      continue;
    }
    const metadata = document as Record<string, unknown>;
    if (metadata.issuer !== issuer) {
      problems.push(`${url}: its issuer ${JSON.stringify(metadata.issuer)} is not ${JSON.stringify(issuer)}`);
      continue;
    }
    return {
      issuer,
      ...(typeof metadata.jwks_uri === "string" && { jwks_uri: metadata.jwks_uri }),
      ...(typeof metadata.introspection_endpoint === "string" && { introspection_endpoint: metadata.introspection_endpoint }),
    };
  }
  throw new Error(`no usable authorization server metadata for ${issuer}: ${problems.join("; ")}`);
}
