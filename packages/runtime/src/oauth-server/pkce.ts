/**
 * PKCE (RFC 7636) as OAuth 2.1 requires it: every authorization request carries an
 * S256 challenge. `plain` is refused, because it gives no protection against an
 * attacker who reads the authorization request, and so is a missing challenge.
 */
import { createHash } from "node:crypto";
import { OAuthError } from "./oauth-error.js";

/** RFC 7636 §4.2: a base64url SHA-256, 43 characters. */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** The request's challenge, or an error for a missing one or any method but S256. */
export function checkChallenge(challenge: string | undefined, method: string | undefined): string {
  if (challenge === undefined || challenge === "") throw new OAuthError("invalid_request", "code_challenge is required (PKCE with S256)");
  if (method !== "S256") throw new OAuthError("invalid_request", `code_challenge_method must be S256${method === undefined ? "" : `, not ${method}`}`);
  if (!CHALLENGE.test(challenge)) throw new OAuthError("invalid_request", "code_challenge is not a base64url SHA-256");
  return challenge;
}

/** Whether `verifier` is the one the code's challenge was made from. */
export function verifierMatches(verifier: string | undefined, challenge: string): boolean {
  if (verifier === undefined || !VERIFIER.test(verifier)) return false;
  return createHash("sha256").update(verifier).digest("base64url") === challenge;
}
