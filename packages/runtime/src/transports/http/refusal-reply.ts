/**
 * How a JSON-RPC error that refuses the caller travels over HTTP, in both protocol
 * eras: not authenticated (-32001) is 401 with a `Bearer` challenge, missing scopes
 * (-32003 with `requiredScopes`) 403 with `error="insufficient_scope", scope="…"` so
 * the client can step up its authorization (basic/authorization, "Scope Challenge
 * Handling"), over a limit (-32004) 429 with `Retry-After`. A session-era reply keeps
 * HTTP 200 for every other error, as clients of that era expect; a 2026-07-28 reply
 * carries each error's table status.
 */
import { bearerChallenge, type ChallengeOptions } from "../../auth/challenge.js";
import { httpStatusForJsonRpc, jsonRpcCode } from "../../protocol/errors.js";
import { isRecord } from "../../protocol/is-record.js";
import type { JsonRpcResponse } from "../../protocol/jsonrpc.js";
import type { HeaderMap } from "./reply.js";

const UNAUTHORIZED = jsonRpcCode("unauthorized");
const FORBIDDEN = jsonRpcCode("forbidden");
const RATE_LIMITED = jsonRpcCode("rate_limited");

function isRefusal(code: number): boolean {
  return code === UNAUTHORIZED || code === FORBIDDEN || code === RATE_LIMITED;
}

/** A session-era reply's status: the refusal's own, 200 for anything else. */
export function sessionReplyStatus(response: JsonRpcResponse): number {
  return "error" in response && isRefusal(response.error.code) ? httpStatusForJsonRpc(response.error.code) : 200;
}

/** A 2026-07-28 reply's status: every error's table status. */
export function statelessReplyStatus(response: JsonRpcResponse): number {
  return "error" in response ? httpStatusForJsonRpc(response.error.code) : 200;
}

/** The headers a refusal carries; undefined for any other reply. */
export function refusalHeaders(response: JsonRpcResponse | undefined, challenge: ChallengeOptions): HeaderMap | undefined {
  if (response === undefined || !("error" in response)) return undefined;
  const { code, data } = response.error;
  if (code === UNAUTHORIZED) return { "www-authenticate": bearerChallenge(challenge) };
  if (code === FORBIDDEN && isRecord(data) && Array.isArray(data.requiredScopes)) {
    const scope = data.requiredScopes.filter((each): each is string => typeof each === "string").join(" ");
    return { "www-authenticate": bearerChallenge(challenge, { error: "insufficient_scope", scope }) };
  }
  if (code === RATE_LIMITED && isRecord(data) && typeof data.retryAfterMs === "number") {
    return { "retry-after": String(Math.max(1, Math.ceil(data.retryAfterMs / 1000))) };
  }
  return undefined;
}
