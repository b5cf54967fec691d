/**
 * The credentials the authorization server hands out (codes, refresh tokens, client
 * secrets, registration tokens) are random, and stored only as their SHA-256, so a
 * leaked store grants nothing. Comparisons of secrets run in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 256 random bits, base64url: unguessable, and safe in a URL or a form. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The key a secret is stored under. */
export function secretKey(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

/** Whether `secret` hashes to `hash`, compared in constant time. */
export function secretMatches(secret: string, hash: string): boolean {
  const actual = Buffer.from(secretKey(secret));
  const expected = Buffer.from(hash);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
