/**
 * The `oauth2` scheme: this server as an OAuth 2.1 resource server (MCP authorization
 * spec). Access tokens are JWTs from one of the manifest's authorization servers:
 * the token's `iss` picks the server, whose keys are found through its metadata
 * (RFC 8414, then OpenID Connect Discovery) and cached; the signature, the issuer
 * and the audience, which must be this server's `resource` (RFC 8707), are checked
 * before the token's scopes count for anything.
 */
import { decodeJwt, errors, jwtVerify, type JWTPayload } from "jose";
import {
  DEFAULT_OAUTH2_ALGORITHMS,
  DEFAULT_OAUTH2_CLOCK_TOLERANCE_SEC,
  DEFAULT_OAUTH2_INTROSPECTION_CACHE_SIZE,
  DEFAULT_OAUTH2_METADATA_MAX_AGE_MS,
  DEFAULT_OAUTH2_METADATA_RETRY_MS,
  DEFAULT_OAUTH2_METADATA_TIMEOUT_MS,
} from "../config/defaults.js";
import type { OAuth2Scheme } from "../config/policies.js";
import { checkSecureUrl } from "../network/secure-url.js";
import { fetchAuthorizationServerMetadata, type AuthorizationServerMetadata } from "./authorization-server-metadata.js";
import { bearerCredential } from "./credentials.js";
import { introspect, type IntrospectionClient } from "./introspection.js";
import { principalOf, jwtBearerVerifier } from "./jwt.js";
import { remoteKeys, type JwtKeys } from "./jwt-keys.js";
import type { AuthOptions, LocalIssuer } from "./options.js";
import { invalid, type SchemeVerifier } from "./scheme-verifier.js";
import { TokenCache } from "./token-cache.js";
import { stderrLogger } from "../protocol/logger.js";

/** RFC 8707 §2: the resource is an absolute URI without a fragment; the audience check compares it exactly. */
function resourceOf(where: string, scheme: OAuth2Scheme): string {
  const resource: unknown = scheme.resource;
  if (typeof resource !== "string" || resource === "") {
    throw new TypeError(`${where}: "resource" is required: this server's canonical URL, the audience its tokens must carry (RFC 8707)`);
  }
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    throw new TypeError(`${where}: "resource" ${JSON.stringify(resource)} is not an absolute URL`);
  }
  if (url.hash !== "") throw new TypeError(`${where}: "resource" must not carry a fragment (RFC 8707)`);
  return resource;
}

interface Discovered {
  readonly metadata: AuthorizationServerMetadata;
  /** Undefined when the server publishes no `jwks_uri` (opaque tokens only). */
  readonly keys: JwtKeys | undefined;
}

/** One authorization server: its metadata and keys, fetched on first use and kept fresh. */
class AuthorizationServer {
  #state: Promise<Discovered> | undefined;
  #fetchedAt = 0;

  constructor(
    readonly issuer: string,
    private readonly where: string,
    private readonly options: AuthOptions,
  ) {}

  /** The metadata and key set; a failed look-up is retried after a pause, a good one refreshed after an hour. */
  discovered(now: number): Promise<Discovered> {
    const age = now - this.#fetchedAt;
    if (this.#state === undefined || age > DEFAULT_OAUTH2_METADATA_MAX_AGE_MS) {
      this.#fetchedAt = now;
      const state = this.#discover();
      // A failure is kept only for the retry pause, so an outage does not cost a fetch per request.
      state.catch(() => {
        this.#fetchedAt = now - DEFAULT_OAUTH2_METADATA_MAX_AGE_MS + DEFAULT_OAUTH2_METADATA_RETRY_MS;
      });
      this.#state = state;
    }
    return this.#state;
  }

  async keys(now: number): Promise<JwtKeys> {
    const { keys } = await this.discovered(now);
    if (keys === undefined) throw new Error(`${this.issuer} publishes no jwks_uri; its tokens cannot be verified as JWTs`);
    return keys;
  }

  async #discover(): Promise<Discovered> {
    const metadata = await fetchAuthorizationServerMetadata(this.issuer, DEFAULT_OAUTH2_METADATA_TIMEOUT_MS);
    const where = `${this.where} (${this.issuer})`;
    const keys = metadata.jwks_uri === undefined ? undefined : remoteKeys(where, metadata.jwks_uri, DEFAULT_OAUTH2_ALGORITHMS, this.options.jwks ?? {});
    if (metadata.introspection_endpoint !== undefined) checkSecureUrl(where, "introspection_endpoint", metadata.introspection_endpoint);
    return { metadata, keys };
  }
}

/** The introspection client's credentials from the environment; a TypeError at start-up when they are not set. */
function introspectionClient(where: string, scheme: OAuth2Scheme, options: AuthOptions): IntrospectionClient | undefined {
  const config = scheme.introspection;
  if (config === undefined) return undefined;
  const env = options.env ?? process.env;
  const read = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === "") throw new TypeError(`${where}: introspection needs the environment variable ${name}`);
    return value;
  };
  return { clientId: read(config.clientIdEnv), clientSecret: read(config.clientSecretEnv) };
}

/**
 * The verifier for one `oauth2` scheme of the manifest. Configuration mistakes (no
 * `resource`, an authorization server that is not https) are TypeErrors at start-up;
 * an authorization server that cannot be reached answers 401 and is logged once.
 */
export function createOAuth2Verifier(scheme: OAuth2Scheme, where: string, options: AuthOptions): SchemeVerifier {
  const resource = resourceOf(where, scheme);
  const listed: unknown = scheme.authorizationServers;
  if (!Array.isArray(listed) || listed.length === 0) throw new TypeError(`${where}: "authorizationServers" must list at least one issuer`);
  const servers = new Map<string, AuthorizationServer>();
  for (const issuer of listed as unknown[]) {
    if (typeof issuer !== "string") throw new TypeError(`${where}: "authorizationServers" must hold issuer URLs`);
    checkSecureUrl(where, "an authorization server", issuer);
    servers.set(issuer, new AuthorizationServer(issuer, where, options));
  }
  const local = options.localIssuer;
  if (local !== undefined && !servers.has(local.issuer)) {
    throw new TypeError(`${where}: "authorizationServers" must list this server's own issuer ${JSON.stringify(local.issuer)}`);
  }
  const verifyToken = async (token: string, now: number): Promise<JWTPayload> => {
    // The unverified `iss` only chooses whose keys to try; the signature check below decides.
    const claimed = decodeJwt(token).iss;
    if (local !== undefined && claimed === local.issuer) {
      const verified = await jwtVerify(token, local.key, {
        currentDate: new Date(now),
        algorithms: [...local.algorithms],
        issuer: local.issuer,
        audience: resource,
        clockTolerance: DEFAULT_OAUTH2_CLOCK_TOLERANCE_SEC,
        requiredClaims: ["exp", "sub"],
        typ: "at+jwt",
      });
      return verified.payload;
    }
    const server = typeof claimed === "string" ? servers.get(claimed) : undefined;
    if (server === undefined) throw new errors.JWTClaimValidationFailed('unexpected "iss" claim value', {}, "iss", "check_failed");
    const keys = await server.keys(now);
    const verified = await jwtVerify(token, keys.key, {
      currentDate: new Date(now),
      algorithms: [...keys.algorithms],
      issuer: server.issuer,
      audience: resource,
      clockTolerance: DEFAULT_OAUTH2_CLOCK_TOLERANCE_SEC,
      requiredClaims: ["exp", "sub"],
    });
    return verified.payload;
  };
  const verified = jwtBearerVerifier(where, options, verifyToken, (payload, subject) => principalOf(payload, subject, "scope", "oauth2"));
  const jwt = local === undefined ? verified : revocable(verified, local);
  const client = introspectionClient(where, scheme, options);
  if (client === undefined) return jwt;
  return opaqueTokens(jwt, [...servers.values()], resource, client, where, options);
}

/**
 * The built-in authorization server's tokens stop working when their grant is revoked
 * (RFC 7009 revocation, a replayed refresh token): asked on every request, after any
 * cache of verified tokens, so a revocation takes effect at once.
 */
function revocable(jwt: SchemeVerifier, local: LocalIssuer): SchemeVerifier {
  return {
    async verify(request) {
      const outcome = await jwt.verify(request);
      if (outcome.kind !== "ok" || outcome.principal.issuer !== local.issuer) return outcome;
      return (await local.inForce(outcome.principal.claims)) ? outcome : invalid("The access token has been revoked");
    },
  };
}

/**
 * JWTs as above; any other bearer token is asked about at each authorization server's
 * introspection endpoint in turn, and the first that calls it active decides.
 */
function opaqueTokens(
  jwt: SchemeVerifier,
  servers: readonly AuthorizationServer[],
  resource: string,
  client: IntrospectionClient,
  where: string,
  options: AuthOptions,
): SchemeVerifier {
  const cache = new TokenCache(DEFAULT_OAUTH2_INTROSPECTION_CACHE_SIZE);
  const logger = options.logger ?? stderrLogger;
  const clock = options.now ?? Date.now;
  let failing = false;
  return {
    async verify(request) {
      const outcome = await jwt.verify(request);
      if (outcome.kind !== "unrecognised") return outcome;
      const credential = bearerCredential(request);
      if (credential.kind !== "present") return outcome;
      const now = clock();
      const key = TokenCache.keyOf(credential.value);
      const cached = cache.get(key, now);
      if (cached !== undefined) return { kind: "ok", principal: cached };
      try {
        for (const server of servers) {
          const endpoint = (await server.discovered(now)).metadata.introspection_endpoint;
          if (endpoint === undefined) continue;
          const answer = await introspect(endpoint, server.issuer, resource, client, credential.value, now);
          if (!answer.active) continue;
          cache.set(key, answer.principal, answer.until);
          failing = false;
          return { kind: "ok", principal: answer.principal };
        }
      } catch (error) {
        if (!failing) logger.error(`auth: ${where}: opaque tokens cannot be introspected; answering 401 until it works`, error);
        failing = true;
        return invalid("The access token could not be verified");
      }
      failing = false;
      return invalid("The access token is invalid");
    },
  };
}
