/**
 * The manifest's `auth` block as one `Authenticator`: each scheme is asked in
 * manifest order and the first that accepts the credentials wins. Credentials that
 * some scheme recognised but none accepted are a 401 `invalid_token`, even when
 * anonymous callers are allowed: a bad token is never downgraded to no token.
 */
import type { AuthPolicy, AuthScheme } from "../config/policies.js";
import { createApiKeyVerifier } from "./api-keys.js";
import type { Authenticator } from "./authenticator.js";
import { authenticationRequired, invalidCredentials } from "./challenge.js";
import { createJwtVerifier } from "./jwt.js";
import { createOAuth2Verifier } from "./oauth2.js";
import { withResourceMetadata } from "./resource-metadata.js";
import type { AuthOptions } from "./options.js";
import type { SchemeOutcome, SchemeVerifier } from "./scheme-verifier.js";

const UNRECOGNISED_MESSAGE = "The credentials are not valid";

function verifierFor(scheme: AuthScheme, index: number, options: AuthOptions): SchemeVerifier {
  const where = `auth.schemes[${index}] (${String(scheme.type)})`;
  switch (scheme.type) {
    case "jwt":
      return createJwtVerifier(scheme, where, options);
    case "apiKey":
      return createApiKeyVerifier(scheme, where, options);
    case "oauth2":
      // A verifier of your own (opaque tokens, another token format) replaces the built-in JWT one.
      return options.verifiers?.oauth2?.(scheme) ?? createOAuth2Verifier(scheme, where, options);
    default:
      throw new TypeError(`${where}: unknown auth scheme type`);
  }
}

function checkRealm(realm: string | undefined): void {
  if (realm !== undefined && (realm === "" || !/^[\x20-\x7e]+$/.test(realm))) throw new TypeError("auth: realm must be printable ASCII");
}

/**
 * Builds the authenticator for a manifest's `auth` policy. Configuration (keys in the
 * environment, the keys file, algorithms) is checked here: a mistake is a TypeError
 * at start-up, not a 401 at the first request.
 *
 * @example
 * ```ts
 * import { createAuthenticator } from "@turbomcp/runtime/auth";
 * const authenticator = createAuthenticator(
 *   {
 *     schemes: [{ type: "apiKey", header: "x-api-key", prefix: "tmcp_", keysEnv: "MY_SERVER_API_KEYS" }],
 *     required: true,
 *     hideUnauthorized: true,
 *   },
 *   { env: { MY_SERVER_API_KEYS: "[]" } },
 * );
 * const result = await authenticator.authenticate({ headers: { "x-api-key": "tmcp_k3y" } });
 * // result.ok === false, result.code === "unauthorized"
 * ```
 */
export function createAuthenticator(policy: AuthPolicy, options: AuthOptions = {}): Authenticator {
  const schemes: unknown = policy.schemes;
  if (!Array.isArray(schemes) || schemes.length === 0) throw new TypeError("auth: at least one scheme is required");
  checkRealm(options.realm);
  if (policy.authorizationServer !== undefined && options.localIssuer === undefined) {
    // Never a silent fallback: without it the built-in server's tokens would all be refused, or its revocations ignored.
    throw new TypeError("auth.authorizationServer: build the authenticator with the authorization server's `localIssuer` (createMcpApp and runMain do)");
  }
  const verifiers = policy.schemes.map((scheme, index) => verifierFor(scheme, index, options));
  const required = policy.required;
  // MCP clients find the authorization server from the 401's `resource_metadata` (RFC 9728).
  const challenge = withResourceMetadata(options, policy);
  return {
    async authenticate(request) {
      let rejected: Extract<SchemeOutcome, { kind: "invalid" }> | undefined;
      let unrecognised = false;
      for (const verifier of verifiers) {
        const outcome = await verifier.verify(request);
        if (outcome.kind === "ok") return { ok: true, principal: outcome.principal };
        if (outcome.kind === "invalid") rejected ??= outcome;
        if (outcome.kind === "unrecognised") unrecognised = true;
      }
      if (rejected !== undefined) return invalidCredentials(rejected.error, rejected.message, challenge);
      if (unrecognised) return invalidCredentials("invalid_token", UNRECOGNISED_MESSAGE, challenge);
      return required ? authenticationRequired(challenge) : { ok: true, principal: undefined };
    },
  };
}
