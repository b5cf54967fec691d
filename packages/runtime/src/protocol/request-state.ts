/**
 * `requestState` for multi round-trip requests (basic/patterns/mrtr). The state
 * travels through the client, so it is attacker-controlled input: it is sealed with
 * HMAC-SHA256 under a server key and bound to the request it belongs to (method,
 * target and a digest of the arguments), to the caller, and to an expiry, as the
 * spec's replay guidance asks. A state that fails any check is refused with -32602.
 *
 * It carries the answers the handler already consumed, so a retry can hit any
 * instance that shares the key and the handler resumes without server-side storage.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { McpError } from "./errors.js";
import type { JsonRpcParams } from "./jsonrpc.js";
import { isRecord } from "./is-record.js";
import { canonicalJson } from "./canonical-json.js";

/** What a sealed state is bound to. */
export interface StateBinding {
  readonly method: string;
  /** Digest of the request's salient params (see `bindingOf`). */
  readonly digest: string;
  /** The authenticated caller, or null when the server is open. */
  readonly principal: string | null;
}

interface Payload {
  readonly v: 1;
  readonly m: string;
  readonly d: string;
  readonly p: string | null;
  /** Expiry, milliseconds since the epoch. */
  readonly x: number;
  /** Answers by input-request key. */
  readonly a: Readonly<Record<string, unknown>>;
}

/** Params that change between rounds and so are not part of what the state is bound to. */
const ROUND_PARAMS = new Set(["_meta", "inputResponses", "requestState"]);

/** The binding of one request: its method and everything in its params but the per-round fields. */
export function bindingOf(method: string, params: JsonRpcParams, principal: string | null): StateBinding {
  const salient: Record<string, unknown> = {};
  for (const key of Object.keys(params)) if (!ROUND_PARAMS.has(key)) salient[key] = params[key];
  return { method, digest: createHash("sha256").update(canonicalJson(salient)).digest("base64url"), principal };
}

function refused(why: string): McpError {
  return new McpError("invalid_params", `Invalid params: requestState ${why}`);
}

export class RequestStateSealer {
  readonly #key: Buffer;

  constructor(
    key: Buffer,
    private readonly ttlMs: number,
  ) {
    this.#key = key;
  }

  #mac(body: string): Buffer {
    return createHmac("sha256", this.#key).update(body).digest();
  }

  seal(binding: StateBinding, answers: Readonly<Record<string, unknown>>, now = Date.now()): string {
    const payload: Payload = { v: 1, m: binding.method, d: binding.digest, p: binding.principal, x: now + this.ttlMs, a: answers };
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${body}.${this.#mac(body).toString("base64url")}`;
  }

  /** The answers a state carries; throws -32602 when it was tampered with, expired or belongs elsewhere. */
  open(state: unknown, binding: StateBinding, now = Date.now()): Readonly<Record<string, unknown>> {
    if (typeof state !== "string") throw refused("must be the string the server sent");
    const dot = state.indexOf(".");
    const body = state.slice(0, dot);
    const mac = Buffer.from(state.slice(dot + 1), "base64url");
    const expected = this.#mac(body);
    if (dot < 0 || mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw refused("failed its integrity check");
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    } catch {
      throw refused("failed its integrity check");
    }
    // Signed by this key, so the shape is ours; checked anyway in case the key is shared with older code.
    if (!isRecord(payload) || payload.v !== 1 || !isRecord(payload.a) || typeof payload.x !== "number") throw refused("has an unknown format");
    if (payload.m !== binding.method || payload.d !== binding.digest) throw refused("belongs to a different request");
    if (payload.p !== binding.principal) throw refused("belongs to a different caller");
    if (payload.x <= now) throw refused("has expired: start the request again");
    return payload.a;
  }
}
