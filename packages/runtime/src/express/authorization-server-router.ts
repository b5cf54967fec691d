/**
 * The built-in authorization server on HTTP: metadata (RFC 8414), JWKS, `/authorize`
 * and its consent page, `/token`, `/register` (RFC 7591/7592) and `/revoke` (RFC 7009).
 *
 * A sign-in is bound to the browser that started it: `/authorize` sets a cookie
 * holding the request's CSRF token, and the upstream login, its callback, the consent
 * page and the decision all require it. Without that, an attacker could start a
 * request for their own client and have a victim's browser finish it.
 *
 * The JSON endpoints answer any origin (browser-based MCP clients register and fetch
 * tokens with explicit credentials, never cookies); the pages are never framed.
 */
import type { IncomingMessage } from "node:http";
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from "express";
import type { AdmissionCheck } from "../auth/admission.js";
import { isLoopback } from "../network/loopback.js";
import { ANONYMOUS } from "../protocol/caller.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { AuthorizationServer } from "../oauth-server/authorization-server.js";
import type { FormFields } from "../oauth-server/client-auth.js";
import { OAuthError } from "../oauth-server/oauth-error.js";
import type { GrantSubject } from "../oauth-server/store.js";
import { consentPage, errorPage, pageSecurityPolicy } from "../oauth-server/pages.js";

/** An upstream identity provider's login (Passport), plugged in by `createUpstreamLogin`. */
export interface UpstreamLogin {
  /** Sends the browser to the provider to sign in for `requestId`; a rejection shows the error page. */
  start(req: Request, res: Response, next: NextFunction, requestId: string): void | Promise<void>;
  /** Handles the provider's redirect back: the request it was for, and who signed in; an `OAuthError` shows its error page. */
  callback(req: Request, res: Response): Promise<{ readonly requestId: string; readonly subject: string; readonly claims: Readonly<Record<string, unknown>> }>;
}

export interface AuthorizationServerRouterOptions {
  /** Who signs users in; required unless the manifest's login is the local test login. */
  readonly upstream?: UpstreamLogin;
  /** The server's display name on the consent page. */
  readonly serverName: string;
  /**
   * Counted before each sign-in, registration, token and revocation request: the MCP
   * endpoint's per-IP limits (`rateLimits.perIp`), so open registration and secret
   * guessing get the same budget as MCP requests. A refusal is 429 with `Retry-After`.
   */
  readonly limits?: AdmissionCheck & { readonly enabled?: boolean };
  readonly logger?: ServerLogger;
}

const FORM_LIMIT = "16kb";
const COOKIE_PREFIX = "tmcp_oauth_";

function cookieName(requestId: string): string {
  // The request id is random; a prefix of it keeps concurrent sign-ins in one browser apart.
  return `${COOKIE_PREFIX}${requestId.slice(0, 16)}`;
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function setBindingCookie(res: Response, issuer: string, path: string, requestId: string, csrf: string, maxAgeMs: number): void {
  const secure = new URL(issuer).protocol === "https:";
  res.cookie(cookieName(requestId), csrf, { httpOnly: true, sameSite: "lax", secure, path, maxAge: maxAgeMs });
}

/** Whether this browser holds the cookie of the sign-in (compared by the server's decide/consent checks too). */
function boundTo(req: IncomingMessage, requestId: string, csrf: string): boolean {
  return readCookie(req, cookieName(requestId)) === csrf;
}

/** The form's single values; a repeated field is refused (RFC 6749 §3.1). */
function formOf(body: unknown): FormFields {
  if (typeof body !== "object" || body === null) return {};
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value !== "string") throw new OAuthError("invalid_request", `${name} is repeated or malformed`);
    fields[name] = value;
  }
  return fields;
}

function sendOAuthError(res: Response, error: OAuthError): void {
  if (error.code === "invalid_client" && error.status === 401) res.setHeader("www-authenticate", 'Basic realm="oauth"');
  if (error.code === "invalid_token") res.setHeader("www-authenticate", `Bearer error="invalid_token"`);
  res.status(error.status).set("cache-control", "no-store").json(error.toJSON());
}

function sendPage(res: Response, status: number, html: string, formTargets: readonly string[] = []): void {
  res
    .status(status)
    .set({
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": pageSecurityPolicy(formTargets),
      "x-frame-options": "DENY",
    })
    .send(html);
}

/** Runs an async endpoint; OAuth errors become OAuth answers, anything else a logged 500 `server_error`. */
function endpoint(logger: ServerLogger, handler: (req: Request, res: Response, next: NextFunction) => Promise<void>, page = false): RequestHandler {
  return (req, res, next) => {
    handler(req, res, next).catch((error: unknown) => {
      const oauth = error instanceof OAuthError ? error : undefined;
      if (oauth === undefined) logger.error("oauth: an authorization server endpoint failed", error);
      const answer = oauth ?? new OAuthError("server_error", "the authorization server failed; try again");
      if (res.headersSent) return;
      if (page) sendPage(res, answer.status, errorPage(answer.code, answer.description));
      else sendOAuthError(res, answer);
    });
  };
}

/** Any origin may call the JSON endpoints: no cookies are involved. */
function openCors(req: Request, res: Response, next: NextFunction): void {
  res.set({ "access-control-allow-origin": "*", "access-control-allow-headers": "authorization, content-type, mcp-protocol-version" });
  if (req.method === "OPTIONS") {
    res.set({ "access-control-allow-methods": "GET, POST, OPTIONS", "access-control-max-age": "86400" }).status(204).end();
    return;
  }
  next();
}

/** The local test login works only for a connection that arrived on loopback, whatever the server was told. */
function arrivedOnLoopback(req: IncomingMessage): boolean {
  const local = req.socket.localAddress ?? "";
  return isLoopback(local.replace(/^::ffff:/, ""));
}

/** How the consent page names who signed in: the upstream email when there is one, else a user name (GitHub's login, OpenID's preferred_username). */
function displayName(subject: GrantSubject): string {
  for (const claim of ["email", "login", "preferred_username"]) {
    const value = subject.claims[claim];
    if (typeof value === "string" && value !== "") return value;
  }
  return subject.subject;
}

/** Where the redirect after the decision may go, for the page's `form-action`. */
function formTarget(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.protocol === "http:" || url.protocol === "https:" ? url.origin : url.protocol;
}

export function authorizationServerRouter(server: AuthorizationServer, options: AuthorizationServerRouterOptions): Router {
  const logger = options.logger ?? stderrLogger;
  const { paths } = server;
  const testLogin = server.policy.login.provider === "test";
  if (!testLogin && options.upstream === undefined) {
    throw new TypeError(`auth.authorizationServer.login: the ${server.policy.login.provider} provider needs its upstream login (createUpstreamLogin)`);
  }
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 50 });
  const json = express.json({ limit: FORM_LIMIT });
  const cookiePath = new URL(server.issuer).pathname.replace(/\/$/, "") + "/oauth";
  const checks = options.limits?.enabled === false ? undefined : options.limits;
  const limited: RequestHandler = (req, res, next) => {
    if (checks === undefined) return next();
    Promise.resolve(checks(req, ANONYMOUS))
      .then((refusal) => {
        if (refusal === undefined) next();
        else
          res
            .status(refusal.status)
            .set(refusal.headers ?? {})
            .type("application/json")
            .send(refusal.body);
      })
      .catch(next);
  };

  const metadata: RequestHandler = (_req, res) => void res.set("cache-control", "public, max-age=3600").json(server.metadata());
  router.all(paths.metadata, openCors, metadata);
  router.all(paths.jwks, openCors, (_req, res) => void res.set("cache-control", "public, max-age=300").json(server.jwks()));

  /** `cookieJustSet`: the page answers the request that set the binding cookie, which cannot carry it yet. */
  const showConsent = async (req: Request, res: Response, requestId: string, cookieJustSet = false): Promise<void> => {
    const view = await server.consent(requestId);
    if (view === undefined || !(cookieJustSet || boundTo(req, requestId, view.pending.csrf))) {
      sendPage(res, 400, errorPage("invalid_request", "This sign-in has expired or was started in another browser. Start again from the application."));
      return;
    }
    const html = consentPage({
      action: paths.decision,
      requestId,
      csrf: view.pending.csrf,
      clientName: view.client.name,
      clientId: view.client.clientId,
      redirectUri: view.pending.redirectUri,
      scopes: view.scopes,
      serverName: options.serverName,
      ...(view.pending.subject !== undefined && { signedInAs: displayName(view.pending.subject) }),
    });
    sendPage(res, 200, html, [formTarget(view.pending.redirectUri)]);
  };

  router.use([paths.authorize, paths.callback, paths.decision, paths.token, paths.register, paths.revoke], limited);
  router.get(
    paths.authorize,
    endpoint(
      logger,
      async (req, res, next) => {
        const outcome = await server.authorize(req.query as Record<string, string | string[] | undefined>);
        if (outcome.kind === "error-page") return sendPage(res, outcome.error.status, errorPage(outcome.error.code, outcome.error.description));
        if (outcome.kind === "redirect") return void res.redirect(302, outcome.location);
        if (testLogin && !arrivedOnLoopback(req)) {
          return sendPage(res, 403, errorPage("access_denied", "The local test login works only on loopback. Configure an identity provider for this server."));
        }
        setBindingCookie(res, server.issuer, cookiePath, outcome.id, outcome.pending.csrf, outcome.pending.expiresAt - Date.now());
        if (testLogin) return showConsent(req, res, outcome.id, true);
        // The upstream provider comes back to the callback, which shows the consent page.
        await options.upstream?.start(req, res, next, outcome.id);
      },
      true,
    ),
  );

  router.get(
    paths.callback,
    endpoint(
      logger,
      async (req, res) => {
        if (options.upstream === undefined) throw new OAuthError("invalid_request", "this server has no upstream identity provider");
        const { requestId, subject, claims } = await options.upstream.callback(req, res);
        // Only the browser that started the sign-in may finish it: otherwise a link to the
        // provider, sent to a victim, would sign the victim in to a request the sender holds.
        const view = await server.consent(requestId);
        if (view === undefined || !boundTo(req, requestId, view.pending.csrf)) {
          throw new OAuthError("invalid_request", "This sign-in has expired or was started in another browser. Start again from the application.");
        }
        if (!(await server.signIn(requestId, subject, claims))) {
          throw new OAuthError("access_denied", "Your account is not allowed to use this server, or the sign-in expired.");
        }
        // The user approved this client for these scopes before: no page, straight back to the client.
        if (await server.consentRemembered(requestId)) {
          res.clearCookie(cookieName(requestId), { path: cookiePath });
          return void res.redirect(302, await server.decide(requestId, view.pending.csrf, true));
        }
        await showConsent(req, res, requestId);
      },
      true,
    ),
  );

  router.post(
    paths.decision,
    form,
    endpoint(
      logger,
      async (req, res) => {
        const fields = formOf(req.body);
        const requestId = fields.request ?? "";
        const csrf = fields.csrf ?? "";
        // Double submit: the form's token must be the one this browser's cookie holds.
        if (requestId === "" || !boundTo(req, requestId, csrf))
          throw new OAuthError("access_denied", "The form did not come from this browser's sign-in page.");
        res.clearCookie(cookieName(requestId), { path: cookiePath });
        const approve = fields.decision === "approve";
        let username: string | undefined;
        if (testLogin && approve) {
          if (!arrivedOnLoopback(req)) throw new OAuthError("access_denied", "The local test login works only on loopback.");
          username = fields.username ?? "";
          if (!/^[A-Za-z0-9._@+-]{1,128}$/.test(username)) throw new OAuthError("invalid_request", "Sign in with a name of letters, digits and . _ @ + -");
        }
        res.redirect(302, await server.decide(requestId, csrf, approve, username));
      },
      true,
    ),
  );

  router.options([paths.token, paths.register, `${paths.register}/:clientId`, paths.revoke], openCors);
  router.post(
    paths.token,
    openCors,
    form,
    endpoint(logger, async (req, res) => {
      const answer = await server.token(formOf(req.body), req.headers.authorization);
      res.set({ "cache-control": "no-store", pragma: "no-cache" }).json(answer);
    }),
  );
  router.post(
    paths.register,
    openCors,
    json,
    endpoint(logger, async (req, res) => {
      res
        .status(201)
        .set("cache-control", "no-store")
        .json(await server.register(req.body));
    }),
  );
  router.get(
    `${paths.register}/:clientId`,
    openCors,
    endpoint(logger, async (req, res) => {
      res.set("cache-control", "no-store").json(await server.readRegistration(String(req.params.clientId), req.headers.authorization));
    }),
  );
  router.post(
    paths.revoke,
    openCors,
    form,
    endpoint(logger, async (req, res) => {
      await server.revoke(formOf(req.body), req.headers.authorization);
      res.status(200).set("cache-control", "no-store").end();
    }),
  );
  // A malformed JSON or form body: the OAuth error shape, not the JSON-RPC one.
  router.use([paths.token, paths.register, paths.revoke, paths.decision], (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== "number" || status >= 500) return next(error);
    sendOAuthError(res, new OAuthError("invalid_request", status === 413 ? "the request body is too large" : "the request body is malformed"));
  });
  return router;
}
