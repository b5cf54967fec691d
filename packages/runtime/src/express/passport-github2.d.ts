// passport-github2 ships no types; this is the part upstream-login.ts uses (its
// options, the passport-oauth2 state store it calls, and the profile it builds).
// Nothing the runtime exports names these types, so its published declarations need
// neither this file nor the package.
declare module "passport-github2" {
  import type { Request } from "express";

  /** passport-oauth2's state store, as it calls it with PKCE (`store` with 5 parameters, `verify` with 4). */
  export interface StateStore {
    store(req: Request, verifier: string, state: unknown, meta: unknown, callback: (error: Error | null, state?: string) => void): void;
    verify(req: Request, providedState: string, meta: unknown, callback: (error: Error | null, ok: string | false, info?: unknown) => void): void;
  }

  export interface StrategyOptions {
    clientID: string;
    clientSecret: string;
    callbackURL: string;
    scope?: string[];
    scopeSeparator?: string;
    authorizationURL?: string;
    tokenURL?: string;
    userProfileURL?: string;
    userEmailURL?: string;
    userAgent?: string;
    /** Every address of the user, each with `primary` and `verified`, instead of the primary one alone. */
    allRawEmails?: boolean;
    pkce?: boolean | "S256";
    store?: StateStore;
  }

  export interface Profile {
    id: string;
    username?: string;
    displayName?: string | null;
    emails?: { value: string; primary?: boolean; verified?: boolean }[];
  }

  export type VerifyCallback = (error: unknown, user?: unknown, info?: unknown) => void;

  export class Strategy {
    constructor(options: StrategyOptions, verify: (accessToken: string, refreshToken: string, profile: Profile, done: VerifyCallback) => void);
    name: string;
    authenticate(req: Request, options?: unknown): void;
  }
}
