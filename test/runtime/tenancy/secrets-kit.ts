/**
 * A real key provider held in memory, as a KMS would behave: each tenant has a current
 * key and keeps its retired ones, and `rotate` makes a new key current.
 */
import { randomBytes } from "node:crypto";
import type { TenantKey, TenantKeyProvider } from "../../../packages/runtime/src/entries/tenancy.js";

export class MemoryKeyProvider implements Required<TenantKeyProvider> {
  private readonly keys = new Map<string, Map<string, Uint8Array>>();
  private readonly current = new Map<string, string>();
  /** Every keyById question asked, to show which key a value was opened with. */
  readonly asked: string[] = [];

  /** Makes `id` the tenant's current key: `key` if given, else 32 random bytes. */
  rotate(tenantId: string, id: string, key: Uint8Array = randomBytes(32)): this {
    const keys = this.keys.get(tenantId) ?? new Map<string, Uint8Array>();
    keys.set(id, key);
    this.keys.set(tenantId, keys);
    this.current.set(tenantId, id);
    return this;
  }

  /** Forgets a retired key, as a KMS does once it is destroyed. */
  destroy(tenantId: string, id: string): void {
    this.keys.get(tenantId)?.delete(id);
  }

  async keyFor(tenantId: string): Promise<TenantKey> {
    const id = this.current.get(tenantId);
    const key = id === undefined ? undefined : this.keys.get(tenantId)?.get(id);
    if (id === undefined || key === undefined) throw new Error("no key for this tenant");
    return { id, key };
  }

  async keyById(tenantId: string, id: string): Promise<TenantKey | undefined> {
    this.asked.push(`${tenantId}/${id}`);
    const key = this.keys.get(tenantId)?.get(id);
    return key === undefined ? undefined : { id, key };
  }
}

/** A sealed value's three parts, and the payload's bytes. */
export function split(sealed: string): { version: string; keyId: string; payload: Buffer } {
  const [version = "", keyId = "", payload = ""] = sealed.split(".");
  return { version, keyId, payload: Buffer.from(payload, "base64url") };
}

/** The sealed value with one bit of its payload flipped at `offset` (negative: from the end). */
export function flipBit(sealed: string, offset: number): string {
  const { version, keyId, payload } = split(sealed);
  const at = offset < 0 ? payload.length + offset : offset;
  payload[at] = (payload[at] ?? 0) ^ 0x01;
  return `${version}.${keyId}.${payload.toString("base64url")}`;
}

export const MASTER_KEY = "0123456789abcdef0123456789abcdef-test-master-key";
