/**
 * What every endpoint of the built-in authorization server shares: the store, the
 * keys, the issuer, the lifetimes and the scopes it knows. Built once by
 * `createAuthorizationServer`; the endpoints are functions of it.
 */
import type { SigningKeys } from "./signing-keys.js";
import type { AuthorizationStore, ClientRecord, GrantSubject } from "./store.js";

export interface ServerState {
  readonly issuer: string;
  readonly store: AuthorizationStore;
  readonly keys: SigningKeys;
  /** The resources tokens may be bound to (RFC 8707); the first is the default. */
  readonly resources: readonly string[];
  readonly knownScopes: ReadonlySet<string>;
  readonly accessTokenTtlSec: number;
  readonly refreshTokenTtlSec: number;
  /** A client by id: registered, configured in the manifest, or from its metadata document. */
  readonly lookUpClient: (clientId: string) => Promise<ClientRecord | undefined>;
  readonly now: () => number;
}

/**
 * The scopes a grant gets: those asked for (all it may have when it asks for none),
 * less any the client or the user may not hold. Fewer than asked is not an error
 * (OAuth 2.1 §3.2.3); the token response's `scope` says what was granted.
 */
export function grantedScopes(state: ServerState, requested: readonly string[], client: ClientRecord, subject: GrantSubject | undefined): string[] {
  const base = requested.length > 0 ? requested : [...state.knownScopes];
  return base.filter(
    (scope) =>
      (client.scopes === undefined || client.scopes.includes(scope)) && (subject?.allowedScopes === undefined || subject.allowedScopes.includes(scope)),
  );
}

/** How long a revoked grant must stay on the deny list: past the last token it could have produced. */
export function revocationHorizon(state: ServerState): number {
  return state.now() + Math.max(state.refreshTokenTtlSec, state.accessTokenTtlSec) * 1000;
}
