/**
 * The standard rate-limit fields, in the IETF draft-8 form express-rate-limit emits
 * with `standardHeaders: "draft-8"` (draft-ietf-httpapi-ratelimit-headers-08): one item
 * per policy, named, in `RateLimit-Policy` (quota `q`, window `w` in seconds, partition
 * key `pk`) and `RateLimit` (remaining `r`, seconds to reset `t`).
 */
import { createHash } from "node:crypto";

export interface PolicyState {
  /** The policy's name in the fields, e.g. `"ip"`. */
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
  readonly remaining: number;
  readonly resetMs: number;
  /** The counted key; only its hash is sent. */
  readonly key: string;
}

/** express-rate-limit's partition key: a short hash, so the client learns which bucket without seeing the key. */
function partitionKey(key: string): string {
  return Buffer.from(createHash("sha256").update(key).digest("hex").slice(0, 12)).toString("base64");
}

/** Whole seconds, rounded up: a client that waits this long finds the window reset. */
export function seconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}

/** `ratelimit-policy` and `ratelimit` for the given policies (lower-case names, as node:http writes them). */
export function rateLimitFields(states: readonly PolicyState[]): { "ratelimit-policy": string; ratelimit: string } {
  return {
    "ratelimit-policy": states.map((s) => `"${s.name}"; q=${s.limit}; w=${seconds(s.windowMs)}; pk=:${partitionKey(s.key)}:`).join(", "),
    ratelimit: states.map((s) => `"${s.name}"; r=${s.remaining}; t=${seconds(s.resetMs)}`).join(", "),
  };
}
