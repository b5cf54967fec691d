/**
 * Bring-your-own authentication: any Passport strategy as an `Authenticator`.
 * Passport itself is not needed: like Passport's middleware, we derive an object from
 * the strategy, give it the actions `success`, `fail`, `error` and `pass`, and call
 * `authenticate(req)` with a request that carries the headers.
 */
import type { Principal } from "../handlers/context.js";
import type { AuthRequest, AuthResult, Authenticator } from "./authenticator.js";
import { bearerChallenge, invalidCredentials, type ChallengeOptions } from "./challenge.js";
import { isRepeated } from "./credentials.js";
import { scopesOf } from "./scopes.js";

/** What a strategy sees as `req`: the headers, an empty query and no body (MCP requests authenticate by header). */
export interface PassportRequest {
  readonly headers: AuthRequest["headers"];
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: undefined;
  readonly ip: string | undefined;
  readonly socket: { readonly remoteAddress: string | undefined };
}

/** The actions Passport gives a strategy while it authenticates. */
export interface PassportActions {
  success(user: unknown, info?: unknown): void;
  fail(challenge?: unknown, status?: number): void;
  error(error: unknown): void;
  pass(): void;
  redirect(url: string, status?: number): void;
}

/**
 * The shape of a Passport strategy (`passport-strategy`'s `Strategy`), so no Passport
 * types are needed. As in Passport, `this` is the strategy with the actions added.
 */
export interface PassportStrategyLike {
  readonly name?: string | undefined;
  authenticate(this: this & PassportActions, req: PassportRequest, options?: unknown): unknown;
}

export interface PassportAdapterOptions extends ChallengeOptions {
  /**
   * Turns what the strategy's verify callback passed to `done(null, user, info)` into
   * the principal. Default: subject from `user.sub`, `user.id` or `user.username`;
   * scopes from `info.scope` (passport-http-bearer's convention) or `user.scopes`;
   * no claims, since a user object may hold secrets.
   */
  readonly toPrincipal?: (user: unknown, info: unknown) => Principal;
  /** Passed to `strategy.authenticate` as its options. */
  readonly strategyOptions?: unknown;
}

const REPEATED = "The Authorization header is malformed";
const MALFORMED = "The credentials are malformed";

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function defaultPrincipal(scheme: string): (user: unknown, info: unknown) => Principal {
  return (user, info) => {
    const subject = [field(user, "sub"), field(user, "id"), field(user, "username")].find(
      (value) => (typeof value === "string" && value !== "") || typeof value === "number",
    );
    if (subject === undefined) throw new TypeError(`passport strategy ${scheme}: the user has no sub, id or username; pass toPrincipal`);
    const scopes = field(info, "scope") ?? field(user, "scopes");
    return Object.freeze({ subject: String(subject as string | number), scopes: Object.freeze(scopesOf(scopes)), scheme, claims: Object.freeze({}) });
  };
}

/**
 * Adapts a Passport strategy. `fail()` becomes a 401 with the strategy's challenge
 * (403 or 400 when it fails with that status), `pass()` an anonymous caller, `error()`
 * a rejected promise (a server error, answered 500). Redirecting strategies (browser
 * login flows) cannot authenticate API calls and are refused with 401. A repeated
 * `Authorization` header is refused with 400 before the strategy sees it: strategies
 * read it as one string.
 *
 * @example
 * ```ts
 * import { fromPassportStrategy, type PassportStrategyLike } from "@turbomcp/runtime/auth";
 * const strategy: PassportStrategyLike = {
 *   name: "static",
 *   authenticate(req) {
 *     if (req.headers["x-user"] === "alice") this.success({ id: "alice" }, { scope: "notes:read" });
 *     else this.fail('Bearer realm="mcp"');
 *   },
 * };
 * const authenticator = fromPassportStrategy(strategy);
 * ```
 */
export function fromPassportStrategy(strategy: PassportStrategyLike, options: PassportAdapterOptions = {}): Authenticator {
  if (typeof strategy?.authenticate !== "function") throw new TypeError("fromPassportStrategy: the strategy has no authenticate(req) method");
  const scheme = typeof strategy.name === "string" && strategy.name !== "" ? strategy.name : "passport";
  const toPrincipal = options.toPrincipal ?? defaultPrincipal(scheme);
  const refuse = (challenge: unknown, status: number | undefined): AuthResult => {
    if (status === 403) return { ok: false, code: "forbidden", message: "Forbidden" };
    // passport-http-bearer and its kin fail(400) for a header they cannot parse: RFC 6750's invalid_request.
    if (status === 400) return invalidCredentials("invalid_request", MALFORMED, options);
    return {
      ok: false,
      code: "unauthorized",
      message: "Authentication failed",
      wwwAuthenticate: typeof challenge === "string" && challenge !== "" ? challenge : bearerChallenge(options),
    };
  };
  return {
    authenticate(request) {
      if (isRepeated(request, "authorization")) return Promise.resolve(invalidCredentials("invalid_request", REPEATED, options));
      return new Promise<AuthResult>((resolve, reject) => {
        let settled = false;
        const once =
          <A extends unknown[]>(action: (...args: A) => void) =>
          (...args: A): void => {
            if (settled) return;
            settled = true;
            try {
              action(...args);
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          };
        // Passport's own move: an object whose prototype is the strategy, so its fields stay reachable as `this`.
        const actions = Object.assign(Object.create(strategy) as PassportStrategyLike, {
          success: once((user: unknown, info?: unknown) => resolve({ ok: true, principal: toPrincipal(user, info) })),
          fail: once((challenge?: unknown, status?: number) =>
            // Passport allows fail(status) as well as fail(challenge, status).
            typeof challenge === "number" ? resolve(refuse(undefined, challenge)) : resolve(refuse(challenge, status)),
          ),
          error: once((error: unknown) => reject(error instanceof Error ? error : new Error(String(error)))),
          pass: once(() => resolve({ ok: true, principal: undefined })),
          redirect: once(() => resolve(refuse(undefined, 401))),
        });
        const req: PassportRequest = {
          headers: request.headers,
          query: {},
          body: undefined,
          ip: request.remoteAddress,
          socket: { remoteAddress: request.remoteAddress },
        };
        try {
          strategy.authenticate.call(actions, req, options.strategyOptions);
        } catch (error) {
          once(() => reject(error instanceof Error ? error : new Error(String(error))))();
        }
      });
    },
  };
}
