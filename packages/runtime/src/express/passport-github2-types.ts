/**
 * passport-github2 ships no types; these are the parts upstream-login.ts uses (its
 * options, the passport-oauth2 state store it calls, and the profile it builds). An
 * ordinary module rather than an ambient declaration, so a project that type-checks
 * the runtime's sources (or does not install the optional package) needs nothing more.
 */
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

export interface StrategyConstructor {
  new (options: StrategyOptions, verify: (accessToken: string, refreshToken: string, profile: Profile, done: VerifyCallback) => void): StrategyInstance;
}

export interface StrategyInstance {
  name: string;
  authenticate(req: Request, options?: unknown): void;
}

/** What `import("passport-github2")` gives. */
export interface PassportGithub2 {
  readonly Strategy: StrategyConstructor;
}
