/**
 * One manifest scheme's verdict on a request. `createAuthenticator` asks each scheme
 * in manifest order and turns the verdicts into one `AuthResult`; a new scheme (the
 * OAuth 2.1 resource server, a user's own) is one more `SchemeVerifier`.
 */
import type { Principal } from "../handlers/context.js";
import type { AuthRequest } from "./authenticator.js";

export type SchemeOutcome =
  /** Nothing where this scheme looks for credentials. */
  | { readonly kind: "absent" }
  /** Credentials are there but not in this scheme's format (not a JWT, no key prefix): another scheme may take them. */
  | { readonly kind: "unrecognised" }
  /** Credentials in this scheme's format that failed. `message` is a fixed, client-safe text. */
  | { readonly kind: "invalid"; readonly error: "invalid_request" | "invalid_token"; readonly message: string }
  | { readonly kind: "ok"; readonly principal: Principal };

export interface SchemeVerifier {
  verify(request: AuthRequest): Promise<SchemeOutcome>;
}

export const ABSENT: SchemeOutcome = Object.freeze({ kind: "absent" });
export const UNRECOGNISED: SchemeOutcome = Object.freeze({ kind: "unrecognised" });

export function invalid(message: string, error: "invalid_request" | "invalid_token" = "invalid_token"): SchemeOutcome {
  return { kind: "invalid", error, message };
}
