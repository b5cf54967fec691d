/**
 * Which JWS algorithms a JWT scheme may accept, and which key each needs. Checked at
 * start-up so that a bad `algorithms` list or a key that cannot serve it fails with a
 * clear message before the first request, and so that the classic confusions can
 * never be configured: `alg: none`, or an RSA public key used as an HMAC secret.
 */
import type { KeyObject } from "node:crypto";

/** The algorithms the manifest schema allows; `none` is not, and never will be, one. */
export const JWT_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512"] as const;

export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/**
 * RFC 7518 §3.2: an HMAC key must be at least as long as the hash output. Shorter
 * secrets are brute-forceable from a single token.
 */
const HMAC_MIN_BYTES: Partial<Record<JwtAlgorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };

const EC_CURVES: Partial<Record<JwtAlgorithm, string>> = { ES256: "prime256v1", ES384: "secp384r1", ES512: "secp521r1" };

export function isHmac(algorithm: JwtAlgorithm): boolean {
  return algorithm.startsWith("HS");
}

/** Validates `algorithms`: non-empty, known, no duplicates, no `none` in any spelling. */
export function checkAlgorithms(where: string, algorithms: readonly string[]): JwtAlgorithm[] {
  const list: unknown = algorithms;
  if (!Array.isArray(list) || list.length === 0) throw new TypeError(`${where}: "algorithms" must list at least one algorithm`);
  const seen = new Set<JwtAlgorithm>();
  for (const algorithm of algorithms) {
    if (typeof algorithm === "string" && algorithm.trim().toLowerCase() === "none") {
      throw new TypeError(`${where}: "none" can never be an accepted algorithm: unsigned tokens prove nothing`);
    }
    if (!(JWT_ALGORITHMS as readonly string[]).includes(algorithm)) {
      throw new TypeError(`${where}: unknown algorithm ${JSON.stringify(algorithm)}; use one of ${JWT_ALGORITHMS.join(", ")}`);
    }
    seen.add(algorithm as JwtAlgorithm);
  }
  return [...seen];
}

/** The shortest secret every listed HMAC algorithm accepts. */
export function hmacMinBytes(algorithms: readonly JwtAlgorithm[]): number {
  return Math.max(0, ...algorithms.map((algorithm) => HMAC_MIN_BYTES[algorithm] ?? 0));
}

/** Whether a public key can verify `algorithm` (jose would refuse the pair at verify time). */
export function keyFits(key: KeyObject, algorithm: JwtAlgorithm): boolean {
  const type = key.asymmetricKeyType;
  if (algorithm.startsWith("RS")) return type === "rsa";
  if (algorithm.startsWith("PS")) return type === "rsa" || type === "rsa-pss";
  if (algorithm.startsWith("ES")) return type === "ec" && key.asymmetricKeyDetails?.namedCurve === EC_CURVES[algorithm];
  if (algorithm === "EdDSA") return type === "ed25519" || type === "ed448";
  return false;
}
