/**
 * Signing users in at an upstream identity provider for the built-in authorization
 * server (`auth.authorizationServer.login`): OpenID Connect through openid-client's
 * Passport strategy (`oidc`, `google`, `microsoft`; authorization code with PKCE S256,
 * `state` and `nonce`, the ID token verified), GitHub through passport-github2 (with
 * PKCE and `state`). Where each provider lives: oauth-server/upstream-providers.ts.
 *
 * No session middleware and no `passport.initialize()`: a strategy is driven as
 * Passport drives it (its actions `redirect`, `success`, `fail`, `error`) on a request
 * derived from the real one, whose `session` is a plain object of its own. What the
 * strategy leaves there between the redirect and the callback (the PKCE verifier, the
 * nonce, the state) is kept with the pending authorization in the authorization
 * server's store, and the request id travels as the upstream `state`; the callback
 * takes it back once, so an answer cannot be replayed, and an unknown or expired state
 * is refused with an error page.
 *
 * The provider packages are optional peer dependencies of the runtime: only a server
 * whose manifest uses a provider installs its package, which is checked at start-up
 * and loaded with `import()` on the first sign-in.
 */
import { createRequire } from "node:module";
import type { NextFunction, Request, Response } from "express";
import type { ClientAuth, TokenEndpointResponse, TokenEndpointResponseHelpers } from "openid-client";
import type { AuthenticateOptions } from "openid-client/passport";
import type { PassportGithub2, StateStore } from "./passport-github2-types.js";
import { DEFAULT_OAUTH_SERVER_UPSTREAM_TIMEOUT_MS } from "../config/defaults.js";
import { checkSecureUrl } from "../network/secure-url.js";
import type { AuthorizationServer } from "../oauth-server/authorization-server.js";
import { OAuthError } from "../oauth-server/oauth-error.js";
import {
  githubIdentity,
  oidcIdentity,
  upstreamSettings,
  type GitHubEndpoints,
  type UpstreamIdentity,
  type UpstreamSettings,
} from "../oauth-server/upstream-providers.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { UpstreamLogin } from "./authorization-server-router.js";

export interface UpstreamLoginOptions {
  /** Where the client id and secret variables the manifest names are read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: ServerLogger;
  /** GitHub's endpoints (a GitHub Enterprise Server's, or a stand-in in tests), each https or http on loopback; default github.com's. */
  readonly githubEndpoints?: Partial<GitHubEndpoints>;
}

const WHERE = "auth.authorizationServer.login";
/** Where a strategy keeps its per-sign-in data in the derived request's `session`. */
const SESSION_KEY = "turbomcp:upstream";
/** The request id a sign-in starts for; set on the derived request only when starting one. */
const STARTING = Symbol("turbomcp.upstream.starting");

type Kept = Readonly<Record<string, string>>;

/** A provider whose package is loaded and (for OpenID Connect) whose metadata is discovered. */
interface LoadedUpstream {
  /** The provider's authorization URL for `requestId`, and what to keep until its callback. */
  begin(req: Request, requestId: string): Promise<{ readonly location: string; readonly kept: Kept }>;
  /** The identity in the provider's answer, checked against what was kept. */
  finish(req: Request, kept: Kept): Promise<UpstreamIdentity>;
}

/** The derived request a strategy sees: the real one underneath, a session of its own, and (when starting) the request id. */
type StrategyRequest = Request & { session: Record<string, unknown>; [STARTING]?: string };

function strategyRequest(req: Request, kept: Kept | undefined, starting?: string): StrategyRequest {
  const session: Record<string, unknown> = kept === undefined ? {} : { [SESSION_KEY]: { ...kept } };
  const properties: PropertyDescriptorMap = { session: { value: session, enumerable: true } };
  // Starting, the strategy must not read the client's /authorize query as a provider's answer.
  if (starting !== undefined) Object.assign(properties, { [STARTING]: { value: starting }, query: { value: {} } });
  return Object.create(req, properties) as StrategyRequest;
}

/** What the strategy kept in the session, as strings (openid-client keeps `max_age` as a number; it is never asked here). */
function keptIn(req: StrategyRequest): Kept {
  const entry = req.session[SESSION_KEY];
  const kept: Record<string, string> = {};
  if (typeof entry === "object" && entry !== null) for (const [name, value] of Object.entries(entry)) if (typeof value === "string") kept[name] = value;
  return kept;
}

type Outcome =
  | { readonly kind: "redirect"; readonly url: string }
  | { readonly kind: "success"; readonly user: unknown }
  | { readonly kind: "fail"; readonly info: unknown }
  | { readonly kind: "error"; readonly error: unknown };

class UpstreamTimeout extends Error {
  constructor() {
    super("the identity provider did not answer in time");
  }
}

/**
 * Runs a Passport strategy on `req` as Passport would: an object derived from the
 * strategy, given the actions, whose `authenticate` ends in one of them. Bounded by
 * `deadlineMs`, since a strategy's HTTP client may have no time-out of its own.
 */
function runStrategy(strategy: object, req: Request, options: unknown, deadlineMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ kind: "error", error: new UpstreamTimeout() }), deadlineMs);
    const created = Object.assign(Object.create(strategy) as { authenticate(req: Request, options: unknown): void }, {
      redirect: (url: string) => settle({ kind: "redirect", url }),
      success: (user: unknown) => settle({ kind: "success", user }),
      fail: (info: unknown) => settle({ kind: "fail", info }),
      error: (error: unknown) => settle({ kind: "error", error }),
      pass: () => settle({ kind: "error", error: new Error("the strategy passed the request on") }),
    });
    try {
      created.authenticate(req, options);
    } catch (error) {
      settle({ kind: "error", error });
    }
  });
}

function messageOf(info: unknown): string | undefined {
  const message = typeof info === "object" && info !== null ? (info as { message?: unknown }).message : undefined;
  return typeof message === "string" && message !== "" ? message : undefined;
}

/** The page for an outcome that is not the one expected: a refusal names the provider's reason; a failure is logged. */
function failure(outcome: Outcome, provider: string, logger: ServerLogger): OAuthError {
  if (outcome.kind === "fail") {
    const reason = messageOf(outcome.info);
    return new OAuthError("access_denied", `The identity provider did not sign you in${reason === undefined ? "" : `: ${reason}`}.`);
  }
  if (outcome.kind === "error" && outcome.error instanceof UpstreamTimeout) {
    logger.warn(`oauth: the ${provider} identity provider did not answer in time`);
    return new OAuthError("server_error", "The identity provider did not answer in time. Start again from the application.", 504);
  }
  logger.error(
    `oauth: signing in at the ${provider} identity provider failed`,
    outcome.kind === "error" ? outcome.error : new Error(`unexpected ${outcome.kind}`),
  );
  return new OAuthError("server_error", "The sign-in at the identity provider could not be completed. Start again from the application.", 502);
}

async function loadOpenIdConnect(settings: Extract<UpstreamSettings, { kind: "oidc" }>, logger: ServerLogger): Promise<LoadedUpstream> {
  const [client, { Strategy }] = await Promise.all([import("openid-client"), import("openid-client/passport")]);
  const timeoutSec = DEFAULT_OAUTH_SERVER_UPSTREAM_TIMEOUT_MS / 1000;
  // client_secret_basic unless the provider lists only client_secret_post (RFC 8414: basic is the default).
  const basic = client.ClientSecretBasic(settings.clientSecret);
  const post = client.ClientSecretPost(settings.clientSecret);
  const clientAuth: ClientAuth = (as, metadata, body, headers) => {
    const methods = as.token_endpoint_auth_methods_supported;
    const postOnly = methods !== undefined && !methods.includes("client_secret_basic") && methods.includes("client_secret_post");
    (postOnly ? post : basic)(as, metadata, body, headers);
  };
  // Plain http only for an issuer checkSecureUrl let through, i.e. on loopback.
  const config = await client.discovery(settings.issuer, settings.clientId, undefined, clientAuth, {
    timeout: timeoutSec,
    ...(settings.issuer.protocol === "http:" && { execute: [client.allowInsecureRequests] }),
  });
  const metadata = config.serverMetadata();
  for (const name of ["authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"] as const) {
    const url = metadata[name];
    if (url !== undefined) checkSecureUrl(`${WHERE} (${settings.provider} discovery)`, name, url);
  }
  const callbackUrl = new URL(settings.callbackUrl);

  /** The ID token's claims, with userinfo's when it has no email (some providers keep scoped claims there); Entra ID's userinfo is Graph's, never asked. */
  const identityOf = async (tokens: TokenEndpointResponse & TokenEndpointResponseHelpers) => {
    const idToken = tokens.claims();
    if (idToken === undefined) throw new Error(`the ${settings.provider} provider answered without an ID token`);
    let claims: Record<string, unknown> = { ...idToken };
    if (settings.provider !== "microsoft" && claims.email === undefined && metadata.userinfo_endpoint !== undefined) {
      claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
    }
    return oidcIdentity(settings.provider, claims);
  };

  class OpenIdConnectStrategy extends Strategy {
    /** The request id as `state` (our store finds the sign-in by it), and a nonce for the ID token. */
    override authorizationRequestParams<TOptions extends AuthenticateOptions>(req: Request, options: TOptions): URLSearchParams {
      const params = new URLSearchParams(super.authorizationRequestParams(req, options));
      params.set("state", (req as StrategyRequest)[STARTING] ?? "");
      params.set("nonce", client.randomNonce());
      return params;
    }

    /** Starting or answering is ours to say, not the query's. */
    override shouldInitiateAuthRequest(req: Request): boolean {
      return (req as StrategyRequest)[STARTING] !== undefined;
    }

    /** The provider's answer is read from the query; the redirect URI is always the configured one. */
    override currentUrl(req: Request): URL {
      return new URL(req.originalUrl, callbackUrl);
    }
  }

  const strategy = new OpenIdConnectStrategy(
    { config, callbackURL: callbackUrl, scope: settings.scopes.join(" "), sessionKey: SESSION_KEY, name: settings.provider },
    (tokens, verified: (error: unknown, user?: unknown) => void) => {
      identityOf(tokens).then(
        (identity) => verified(null, identity),
        (error: unknown) => verified(error),
      );
    },
  );
  return upstreamOf(strategy, settings.provider, logger, () => ({}));
}

const PASSPORT_GITHUB2: string = "passport-github2";

async function loadGitHub(settings: Extract<UpstreamSettings, { kind: "github" }>, logger: ServerLogger): Promise<LoadedUpstream> {
  // A package without types: its shape is declared in passport-github2-types.ts.
  const { Strategy } = (await import(PASSPORT_GITHUB2)) as PassportGithub2;
  // passport-oauth2 calls a store with PKCE as store(req, verifier, state, meta, cb) and verify(req, state, meta, cb):
  // here the "state" it is given to store is `{ requestId }`, and the session is the derived request's.
  const store: StateStore = {
    store(req, verifier, state, _meta, callback) {
      const requestId = (state as { requestId: string }).requestId;
      (req as StrategyRequest).session[SESSION_KEY] = { code_verifier: verifier, state: requestId };
      callback(null, requestId);
    },
    verify(req, providedState, _meta, callback) {
      const kept = keptIn(req as StrategyRequest);
      delete (req as StrategyRequest).session[SESSION_KEY];
      if (kept.code_verifier === undefined || kept.state !== providedState) {
        callback(null, false, { message: "the answer does not belong to this sign-in" });
        return;
      }
      callback(null, kept.code_verifier);
    },
  };
  const strategy = new Strategy(
    {
      clientID: settings.clientId,
      clientSecret: settings.clientSecret,
      callbackURL: settings.callbackUrl,
      scope: [...settings.scopes],
      // GitHub's documented separator (passport-github2 defaults to a comma).
      scopeSeparator: " ",
      authorizationURL: settings.endpoints.authorizationUrl,
      tokenURL: settings.endpoints.tokenUrl,
      userProfileURL: settings.endpoints.userProfileUrl,
      userEmailURL: settings.endpoints.userEmailUrl,
      userAgent: "turbomcp",
      allRawEmails: true,
      pkce: true,
      store,
    },
    // Four parameters exactly: passport-oauth2 picks the verify signature by its arity.
    (_accessToken, _refreshToken, profile, done) => {
      try {
        done(null, githubIdentity(profile));
      } catch (error) {
        done(error);
      }
    },
  );
  return upstreamOf(strategy, settings.provider, logger, (requestId) => ({ state: { requestId } }));
}

/** Begin and finish for a loaded strategy; `startOptions` are what its `authenticate` takes when starting. */
function upstreamOf(strategy: object, provider: string, logger: ServerLogger, startOptions: (requestId: string) => unknown): LoadedUpstream {
  const exchangeDeadline = 3 * DEFAULT_OAUTH_SERVER_UPSTREAM_TIMEOUT_MS;
  return {
    async begin(req, requestId) {
      const derived = strategyRequest(req, undefined, requestId);
      const outcome = await runStrategy(strategy, derived, startOptions(requestId), DEFAULT_OAUTH_SERVER_UPSTREAM_TIMEOUT_MS);
      if (outcome.kind !== "redirect") throw failure(outcome, provider, logger);
      return { location: outcome.url, kept: keptIn(derived) };
    },
    async finish(req, kept) {
      const outcome = await runStrategy(strategy, strategyRequest(req, kept), {}, exchangeDeadline);
      if (outcome.kind !== "success") throw failure(outcome, provider, logger);
      return outcome.user as UpstreamIdentity;
    },
  };
}

const requireFromHere = createRequire(import.meta.url);

/** A TypeError naming the package to install when `name` cannot be found from the runtime. */
export function requireInstalled(name: string, provider: string, resolve: (name: string) => string = requireFromHere.resolve): void {
  try {
    resolve(name);
  } catch {
    throw new TypeError(
      `${WHERE}: the ${provider} provider needs the package ${name}, an optional peer dependency of @turbomcp/runtime: install it (npm install ${name})`,
    );
  }
}

function queryValue(req: Request, name: string): string | undefined {
  const value: unknown = req.query[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The upstream login of the manifest's `login` provider, for the authorization server's
 * router. Checked at start-up (TypeErrors): the client id and secret variables, the
 * issuer or tenant, and that the provider's package is installed. The provider's
 * package is loaded, and its OpenID Connect metadata discovered, on the first sign-in;
 * if that fails the user sees an error page and the next sign-in tries again.
 */
export function createUpstreamLogin(server: AuthorizationServer, options: UpstreamLoginOptions = {}): UpstreamLogin {
  const login = server.policy.login;
  if (login.provider === "test") throw new TypeError(`${WHERE}: the local test login signs users in itself; it has no upstream login`);
  const logger = options.logger ?? stderrLogger;
  const settings = upstreamSettings(login, {
    callbackUrl: new URL(server.paths.callback, server.issuer).href,
    env: options.env ?? process.env,
    ...(options.githubEndpoints !== undefined && { githubEndpoints: options.githubEndpoints }),
  });
  for (const name of settings.packages) requireInstalled(name, settings.provider);
  // createAuthorizationServer refuses an upstream login without grant rules.
  if (settings.kind === "oidc" && settings.sharedTenant && !server.policy.grants?.some((rule) => rule.when?.claim === "tid")) {
    logger.warn(`oauth: any Microsoft account can sign in at the ${login.tenant ?? "common"} tenant; grant rules on the "tid" claim name the tenants let in`);
  }

  let loading: Promise<LoadedUpstream> | undefined;
  const ready = (): Promise<LoadedUpstream> => {
    loading ??= (settings.kind === "oidc" ? loadOpenIdConnect(settings, logger) : loadGitHub(settings, logger)).catch((error: unknown) => {
      loading = undefined;
      logger.error(`oauth: the ${settings.provider} identity provider could not be set up`, error);
      throw new OAuthError("server_error", "The identity provider cannot be reached right now. Try again later.", 503);
    });
    return loading;
  };

  return {
    async start(req: Request, res: Response, _next: NextFunction, requestId: string) {
      const upstream = await ready();
      const { location, kept } = await upstream.begin(req, requestId);
      if (!(await server.keepUpstream(requestId, kept))) throw new OAuthError("invalid_request", "This sign-in has expired. Start again from the application.");
      res.redirect(302, location);
    },

    async callback(req: Request) {
      const requestId = queryValue(req, "state");
      if (requestId === undefined || (queryValue(req, "code") === undefined && queryValue(req, "error") === undefined)) {
        throw new OAuthError("invalid_request", "This is not an answer from the identity provider. Start again from the application.");
      }
      // Taken, not read: a second answer for one sign-in finds nothing.
      const kept = await server.takeUpstream(requestId);
      if (kept === undefined) throw new OAuthError("invalid_request", "This sign-in is unknown or has expired. Start again from the application.");
      const upstream = await ready();
      const { subject, claims } = await upstream.finish(req, kept);
      return { requestId, subject, claims };
    },
  };
}
