/**
 * Where a JWT scheme's verification keys come from: a PEM public key or an HMAC
 * secret in the environment variable named by `keyEnv`, or a remote JWKS. Resolved
 * once at start-up; every misconfiguration is a TypeError naming the scheme and the
 * variable, never the key material.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { DEFAULT_JWKS_CACHE_MAX_AGE_MS, DEFAULT_JWKS_COOLDOWN_MS, DEFAULT_JWKS_TIMEOUT_MS } from "../config/defaults.js";
import { checkSecureUrl } from "../network/secure-url.js";
import { checkAlgorithms, hmacMinBytes, isHmac, keyFits, type JwtAlgorithm } from "./jwt-algorithms.js";
import type { JwksOptions } from "./options.js";

export interface JwtKeys {
  readonly key: KeyObject | Uint8Array | JWTVerifyGetKey;
  /** The configured algorithms this key can verify. */
  readonly algorithms: readonly JwtAlgorithm[];
}

/** Docker env files and CI secrets often carry a PEM's line breaks as literal `\n`. */
function unescapeNewlines(value: string): string {
  return value.includes("\n") ? value : value.replace(/\\n/g, "\n");
}

/** A PEM public key (SPKI, PKCS#1 or an X.509 certificate) or an HMAC secret from `env[keyEnv]`. */
export function localKeys(where: string, keyEnv: string, env: Readonly<Record<string, string | undefined>>, algorithms: readonly string[]): JwtKeys {
  const listed = checkAlgorithms(where, algorithms);
  const value = env[keyEnv];
  if (value === undefined || value.trim() === "") throw new TypeError(`${where}: environment variable ${keyEnv} (keyEnv) is not set`);
  const text = value.trim();
  if (!text.startsWith("-----BEGIN ")) return secretKeys(where, keyEnv, text, listed);
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new TypeError(`${where}: ${keyEnv} holds a private key; give the server only the public key`);
  }
  const hmac = listed.filter(isHmac);
  if (hmac.length > 0) {
    // An RSA public key is public: accepting HS256 with it as the secret lets anyone sign tokens.
    throw new TypeError(`${where}: ${keyEnv} holds a public key, which must never be used as an HMAC secret; remove ${hmac.join(", ")} from "algorithms"`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey(unescapeNewlines(text));
  } catch {
    throw new TypeError(`${where}: ${keyEnv} does not hold a valid PEM public key or certificate`);
  }
  const fitting = listed.filter((algorithm) => keyFits(key, algorithm));
  if (fitting.length === 0) {
    throw new TypeError(`${where}: the ${key.asymmetricKeyType ?? "unknown"} key in ${keyEnv} cannot verify any of ${listed.join(", ")}`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits !== undefined && bits < 2048) throw new TypeError(`${where}: the RSA key in ${keyEnv} has ${bits} bits; at least 2048 are required`);
  return { key, algorithms: fitting };
}

function secretKeys(where: string, keyEnv: string, secret: string, listed: readonly JwtAlgorithm[]): JwtKeys {
  const asymmetric = listed.filter((algorithm) => !isHmac(algorithm));
  if (asymmetric.length > 0) {
    throw new TypeError(`${where}: ${keyEnv} holds a shared secret, which only HS256, HS384 and HS512 use; "algorithms" also lists ${asymmetric.join(", ")}`);
  }
  const key = new TextEncoder().encode(secret);
  const minimum = hmacMinBytes(listed);
  if (key.length < minimum) throw new TypeError(`${where}: the secret in ${keyEnv} is ${key.length} bytes; ${listed.join(", ")} need at least ${minimum}`);
  return { key, algorithms: listed };
}

/** A cached remote key set. Plain http would let anyone on the path swap the keys, so only loopback may use it. */
export function remoteKeys(where: string, jwksUri: string, algorithms: readonly string[], options: JwksOptions): JwtKeys {
  const listed = checkAlgorithms(where, algorithms);
  const hmac = listed.filter(isHmac);
  if (hmac.length > 0) throw new TypeError(`${where}: ${hmac.join(", ")} need a shared secret in keyEnv; a JWKS publishes public keys only`);
  const url = checkSecureUrl(where, "jwksUri", jwksUri);
  const key = createRemoteJWKSet(url, {
    cacheMaxAge: duration(where, "jwks.cacheMaxAgeMs", options.cacheMaxAgeMs, DEFAULT_JWKS_CACHE_MAX_AGE_MS),
    cooldownDuration: duration(where, "jwks.cooldownMs", options.cooldownMs, DEFAULT_JWKS_COOLDOWN_MS),
    timeoutDuration: duration(where, "jwks.timeoutMs", options.timeoutMs, DEFAULT_JWKS_TIMEOUT_MS),
  });
  return { key, algorithms: listed };
}

/** An option in milliseconds: `fallback` when not given, a TypeError naming it unless a whole number of 0 or more. */
export function duration(where: string, name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${where}: ${name} must be a whole number of milliseconds, 0 or more`);
  return value;
}
