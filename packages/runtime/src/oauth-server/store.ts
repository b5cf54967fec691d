/**
 * What the built-in authorization server remembers between requests: registered
 * clients, authorization codes, refresh-token grants, sign-ins in progress and
 * consents. Memory holds it for one instance; Redis for restarts and several
 * instances. Every method that decides whether a credential may be used once is
 * atomic in each store, so two instances racing on one code or refresh token cannot
 * both win.
 *
 * Secrets never reach a store in the clear: codes, refresh tokens, client secrets and
 * registration access tokens are stored under their SHA-256 (`secretKey`).
 */

/** The grant types the built-in server issues tokens for. */
export type GrantType = "authorization_code" | "refresh_token" | "client_credentials";

/** How a client proves itself at the token endpoint (RFC 7591 §2). */
export type ClientAuthMethod = "none" | "client_secret_basic" | "client_secret_post";

/** A client known to the server: registered dynamically, configured in the manifest, or described by its metadata document. */
export interface ClientRecord {
  readonly clientId: string;
  /** SHA-256 of the secret of a confidential client. */
  readonly secretHash?: string;
  readonly authMethod: ClientAuthMethod;
  readonly redirectUris: readonly string[];
  readonly grantTypes: readonly GrantType[];
  /** Scopes the client may ever be granted; absent means any scope the server knows. */
  readonly scopes?: readonly string[];
  readonly name?: string;
  readonly uri?: string;
  /** SHA-256 of the RFC 7592 registration access token, for dynamically registered clients. */
  readonly registrationTokenHash?: string;
  /** Seconds since the epoch. */
  readonly issuedAt: number;
  /** The metadata as registered, echoed by the RFC 7592 read. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Who signed in and what they may be granted, as decided at sign-in. */
export interface GrantSubject {
  readonly subject: string;
  /** Claims carried into the access token (tenant, email, upstream groups). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** Scopes this subject may hold at most; undefined means any scope the server knows. */
  readonly allowedScopes?: readonly string[];
}

/** An issued authorization code, waiting for the client to redeem it once. */
export interface CodeRecord {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly resource: string;
  readonly scopes: readonly string[];
  readonly subject: GrantSubject;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** What redeeming a code found: a fresh code, or a replay of one already redeemed for `grantId`. */
export type CodeRedemption = { readonly kind: "fresh"; readonly code: CodeRecord } | { readonly kind: "replayed"; readonly grantId: string };

/** One refresh token of a grant (its "family": every token rotated from one authorization). */
export interface RefreshRecord {
  readonly grantId: string;
  readonly clientId: string;
  readonly resource: string;
  readonly scopes: readonly string[];
  readonly subject: GrantSubject;
  /** Milliseconds since the epoch: when this token lapses. */
  readonly expiresAt: number;
}

/** What rotating a refresh token found: usable, or a replay of one already rotated (the caller revokes `grantId`). */
export type RefreshRotation = { readonly kind: "fresh"; readonly refresh: RefreshRecord } | { readonly kind: "replayed"; readonly grantId: string };

/** A sign-in between `/authorize` and the user's decision. */
export interface PendingAuthorization {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state?: string;
  readonly codeChallenge: string;
  readonly resource: string;
  readonly scopes: readonly string[];
  /** Binds the decision form to the browser that opened the page (double-submit cookie). */
  readonly csrf: string;
  /** Set once the user has signed in (at the upstream provider or the local test login). */
  readonly subject?: GrantSubject;
  /**
   * What the upstream login must find again when the provider sends the browser back
   * (its PKCE verifier, nonce and state): kept here, server-side, instead of in a session.
   */
  readonly upstream?: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** A user's standing consent for one client. */
export interface ConsentRecord {
  readonly scopes: readonly string[];
  readonly resource: string;
}

export interface AuthorizationStore {
  putClient(client: ClientRecord): Promise<void>;
  getClient(clientId: string): Promise<ClientRecord | undefined>;

  putCode(codeKey: string, code: CodeRecord): Promise<void>;
  /**
   * Redeems a code at most once: the first call gets it and records `grantId` as what
   * it became; a later call gets `replayed` with that grant (to revoke, RFC 6749
   * §4.1.2); an unknown or lapsed code gets undefined.
   */
  redeemCode(codeKey: string, grantId: string, now: number): Promise<CodeRedemption | undefined>;

  putRefresh(tokenKey: string, refresh: RefreshRecord): Promise<void>;
  /**
   * Uses a refresh token at most once: the first call gets it; a later call gets
   * `replayed` (reuse detection); an unknown, lapsed or revoked one gets undefined.
   */
  rotateRefresh(tokenKey: string, now: number): Promise<RefreshRotation | undefined>;
  /** The refresh record without using it (revocation looks up whose token it is). */
  peekRefresh(tokenKey: string, now: number): Promise<RefreshRecord | undefined>;

  /** Revokes a grant: its refresh tokens stop working and its access tokens are refused until `until` (ms), their latest expiry. */
  revokeGrant(grantId: string, until: number): Promise<void>;
  isGrantRevoked(grantId: string, now: number): Promise<boolean>;

  putPending(id: string, pending: PendingAuthorization): Promise<void>;
  getPending(id: string, now: number): Promise<PendingAuthorization | undefined>;
  /** Removes and returns it, so one sign-in yields one code. */
  takePending(id: string, now: number): Promise<PendingAuthorization | undefined>;

  getConsent(subject: string, clientId: string): Promise<ConsentRecord | undefined>;
  putConsent(subject: string, clientId: string, consent: ConsentRecord): Promise<void>;

  close?(): Promise<void>;
}
