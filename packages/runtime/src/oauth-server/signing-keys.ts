/**
 * The keys the built-in authorization server signs access tokens with. They come from
 * the environment variable the manifest names (`signingKeysEnv`), or from the file
 * named by `<NAME>_FILE` (Docker and Kubernetes secrets): one or more PEM private
 * keys, or a JWK or JWK Set with private parts. The first key signs; every key is
 * published in the JWKS, so rotating is adding the new key first and dropping the old
 * one once the tokens it signed have lapsed.
 *
 * With neither variable set, a key is made up at start-up, but only for an issuer on
 * loopback: tokens from such a key die with the process and cannot be shared by
 * several instances, which is fine on a laptop and wrong anywhere else.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { isLoopbackUrl } from "../network/loopback.js";

export type SigningAlgorithm = "ES256" | "ES384" | "RS256" | "PS256" | "EdDSA";

export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public half as published in the JWKS. */
  readonly jwk: Readonly<JsonWebKey> & { readonly kid: string; readonly alg: string; readonly use: "sig" };
}

export interface SigningKeys {
  /** The key new tokens are signed with. */
  readonly current: SigningKey;
  readonly all: readonly SigningKey[];
  /** Whether the keys were made up at start-up (development on loopback only). */
  readonly ephemeral: boolean;
}

/** The algorithm a private key signs with: ES256/ES384 by curve, RS256 for RSA (PS256 when asked), EdDSA for Ed25519. */
function algorithmOf(where: string, key: KeyObject, requested: string | undefined): SigningAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === "prime256v1") return "ES256";
    if (curve === "secp384r1") return "ES384";
    throw new TypeError(`${where}: EC keys must be on P-256 or P-384, not ${curve ?? "an unknown curve"}`);
  }
  if (type === "rsa") {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048) throw new TypeError(`${where}: an RSA signing key needs at least 2048 bits, not ${bits}`);
    return requested === "PS256" ? "PS256" : "RS256";
  }
  if (type === "ed25519") return "EdDSA";
  throw new TypeError(`${where}: ${type ?? "this"} keys cannot sign access tokens; use EC P-256 (ES256), RSA or Ed25519`);
}

/** RFC 7638: the SHA-256 of the key's required members in lexicographic order, a stable `kid` for a key that names none. */
function thumbprint(jwk: JsonWebKey): string {
  const required: Record<string, readonly string[]> = { EC: ["crv", "kty", "x", "y"], RSA: ["e", "kty", "n"], OKP: ["crv", "kty", "x"] };
  const members = required[jwk.kty ?? ""] ?? [];
  const canonical = `{${members.map((name) => `${JSON.stringify(name)}:${JSON.stringify(jwk[name])}`).join(",")}}`;
  return createHash("sha256").update(canonical).digest("base64url");
}

function signingKey(where: string, privateKey: KeyObject, kid: string | undefined, requestedAlg: string | undefined): SigningKey {
  if (privateKey.type !== "private") throw new TypeError(`${where}: a signing key must be a private key`);
  const alg = algorithmOf(where, privateKey, requestedAlg);
  const publicKey = createPublicKey(privateKey);
  const publicJwk = publicKey.export({ format: "jwk" });
  const id = kid ?? thumbprint(publicJwk);
  return { kid: id, alg, privateKey, publicKey, jwk: { ...publicJwk, kid: id, alg, use: "sig" } };
}

/** Every key in the variable's text: PEM blocks, a JWK, or a JWK Set. */
function parseKeys(where: string, text: string): SigningKey[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new TypeError(`${where}: the signing keys are neither PEM nor valid JSON`);
    }
    const keys = (parsed as { keys?: unknown }).keys ?? [parsed];
    if (!Array.isArray(keys) || keys.length === 0) throw new TypeError(`${where}: the JWK Set holds no keys`);
    return keys.map((jwk: unknown, index) => {
      if (typeof jwk !== "object" || jwk === null || typeof (jwk as { d?: unknown }).d !== "string") {
        throw new TypeError(`${where}: key ${index} of the JWK Set has no private part ("d")`);
      }
      const { kid, alg } = jwk as { kid?: unknown; alg?: unknown };
      let key: KeyObject;
      try {
        key = createPrivateKey({ key: jwk as JsonWebKey, format: "jwk" });
      } catch {
        throw new TypeError(`${where}: key ${index} of the JWK Set is not a valid private JWK`);
      }
      return signingKey(where, key, typeof kid === "string" ? kid : undefined, typeof alg === "string" ? alg : undefined);
    });
  }
  const blocks = trimmed.replace(/\\n/g, "\n").match(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g);
  if (blocks === null) throw new TypeError(`${where}: the signing keys must be PEM private keys or a JWK Set with private parts`);
  return blocks.map((block, index) => {
    let key: KeyObject;
    try {
      key = createPrivateKey(block);
    } catch {
      throw new TypeError(`${where}: PEM key ${index} is not a valid private key`);
    }
    return signingKey(where, key, undefined, undefined);
  });
}

/**
 * The server's signing keys from `env[name]` or the file `env[name_FILE]`; a fresh
 * ES256 key when neither is set and the issuer is on loopback; otherwise a TypeError
 * that names the variable (never the key material).
 */
export function loadSigningKeys(where: string, name: string, issuer: string, env: Readonly<Record<string, string | undefined>>): SigningKeys {
  const inline = env[name];
  const file = env[`${name}_FILE`];
  let text: string | undefined;
  if (inline !== undefined && inline.trim() !== "") text = inline;
  else if (file !== undefined && file.trim() !== "") {
    try {
      text = readFileSync(file.trim(), "utf8");
    } catch (error) {
      throw new TypeError(`${where}: cannot read the signing keys from ${name}_FILE (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
    }
  }
  if (text === undefined) {
    if (!isLoopbackUrl(issuer)) {
      throw new TypeError(
        `${where}: set ${name} (or ${name}_FILE) to the authorization server's signing keys; keys made up at start-up are for an issuer on loopback only`,
      );
    }
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const key = signingKey(where, privateKey, undefined, undefined);
    return { current: key, all: [key], ephemeral: true };
  }
  const keys = parseKeys(`${where} (${name})`, text);
  const kids = new Set(keys.map((key) => key.kid));
  if (kids.size !== keys.length) throw new TypeError(`${where}: two signing keys in ${name} share a "kid"`);
  return { current: keys[0] as SigningKey, all: keys, ephemeral: false };
}
