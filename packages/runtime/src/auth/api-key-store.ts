/**
 * The hashed API keys a server accepts, loaded once at start-up from the environment
 * variable `keysEnv` and/or the file `keysFile`: a JSON array of
 * `{ "id", "hash", "scopes"?, "tenant"? }`, where `hash` is the SHA-256 of the whole
 * key (prefix included) in hex. Only hashes are stored, so a leaked list grants nothing.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ApiKeyScheme } from "../config/policies.js";
import type { AuthOptions } from "./options.js";

export interface ApiKeyRecord {
  /** Becomes `principal.subject`: name the key's owner or purpose, not the key. */
  readonly id: string;
  /** SHA-256 of the key, 64 hex digits (`hashApiKey`). */
  readonly hash: string;
  readonly scopes: readonly string[];
  readonly tenant?: string;
}

export interface StoredApiKey {
  readonly record: ApiKeyRecord;
  readonly digest: Buffer;
}

/**
 * SHA-256 of an API key in hex: the `hash` to store. A fast hash is enough because
 * keys are long random strings (see `generateApiKey`), not passwords.
 *
 * @example
 * ```ts
 * import { hashApiKey } from "@turbomcp/runtime/auth";
 * const hash = hashApiKey("tmcp_k3y"); // 64 hex digits for the keys file
 * ```
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * A new random key (256 bits, base64url) after `prefix`, and its hash. Hand `key` to
 * the client once; store only `hash`.
 *
 * @example
 * ```ts
 * import { generateApiKey } from "@turbomcp/runtime/auth";
 * const { key, hash } = generateApiKey("tmcp_");
 * ```
 */
export function generateApiKey(prefix = ""): { readonly key: string; readonly hash: string } {
  const key = `${prefix}${randomBytes(32).toString("base64url")}`;
  return { key, hash: hashApiKey(key) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseRecord(value: unknown, at: string): ApiKeyRecord {
  if (!isRecord(value)) throw new TypeError(`${at} must be an object { id, hash, scopes?, tenant? }`);
  const { id, hash, scopes = [], tenant } = value;
  if (typeof id !== "string" || id === "") throw new TypeError(`${at}.id must be a non-empty string`);
  if (typeof hash !== "string" || !/^[0-9a-fA-F]{64}$/.test(hash)) {
    throw new TypeError(`${at}.hash must be the SHA-256 of the key in hex (64 digits); store hashes, never keys`);
  }
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === "string" && scope !== "")) {
    throw new TypeError(`${at}.scopes must be a list of scope names`);
  }
  if (tenant !== undefined && (typeof tenant !== "string" || tenant === "")) throw new TypeError(`${at}.tenant must be a non-empty string`);
  const record = { id, hash: hash.toLowerCase(), scopes: Object.freeze([...(scopes as string[])]) };
  return Object.freeze(tenant === undefined ? record : { ...record, tenant });
}

/** Parses one source's JSON text; `source` names it in errors (the text itself is never quoted). */
export function parseApiKeys(text: string, source: string): ApiKeyRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TypeError(`${source} is not valid JSON`);
  }
  if (!Array.isArray(value)) throw new TypeError(`${source} must hold a JSON array of { id, hash, scopes?, tenant? }`);
  return value.map((entry, index) => parseRecord(entry, `${source}[${index}]`));
}

function readKeysFile(where: string, keysFile: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, keysFile), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new TypeError(`${where}: keysFile ${JSON.stringify(keysFile)} cannot be read (${code})`, { cause: error });
  }
}

/** Every key from `keysEnv` and `keysFile` (both when both are set); ids and hashes must be unique. */
export function loadApiKeys(where: string, scheme: ApiKeyScheme, options: AuthOptions): StoredApiKey[] {
  if (scheme.keysEnv === undefined && scheme.keysFile === undefined) throw new TypeError(`${where}: an apiKey scheme needs "keysEnv" or "keysFile"`);
  const records: ApiKeyRecord[] = [];
  if (scheme.keysEnv !== undefined) {
    const text = (options.env ?? process.env)[scheme.keysEnv];
    if (text === undefined || text.trim() === "") throw new TypeError(`${where}: environment variable ${scheme.keysEnv} (keysEnv) is not set`);
    records.push(...parseApiKeys(text, `${where}: ${scheme.keysEnv}`));
  }
  if (scheme.keysFile !== undefined) {
    const text = readKeysFile(where, scheme.keysFile, options.cwd ?? process.cwd());
    records.push(...parseApiKeys(text, `${where}: ${scheme.keysFile}`));
  }
  const ids = new Set<string>();
  const hashes = new Set<string>();
  for (const record of records) {
    if (ids.has(record.id)) throw new TypeError(`${where}: API key id ${JSON.stringify(record.id)} appears twice`);
    if (hashes.has(record.hash)) throw new TypeError(`${where}: API key ${JSON.stringify(record.id)} has the same hash as another key`);
    ids.add(record.id);
    hashes.add(record.hash);
  }
  return records.map((record) => ({ record, digest: Buffer.from(record.hash, "hex") }));
}
