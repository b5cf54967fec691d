/**
 * A request the security layer turns away before its body is read: an
 * authentication failure, a tenant refusal, a rate limit. Already rendered (status,
 * headers such as `WWW-Authenticate` or `Retry-After`, a JSON-RPC error body), so
 * whoever refuses decides every byte and the endpoint only writes it. The type and
 * its renderer are admission's (auth/admission.ts), shared with the WebSocket upgrade.
 */
import type { ServerResponse } from "node:http";
import { admissionRefusal, type AdmissionCheck, type AdmissionRefusal } from "../../auth/admission.js";
import { sendJson } from "./reply.js";

export type HttpRefusal = AdmissionRefusal;

/** A check run on every MCP request once its caller is known, before its body is read (`createHttpLimits`). */
export type HttpRequestCheck = AdmissionCheck;

/**
 * Renders a refusal from the one error table.
 *
 * @example
 * ```ts
 * import { httpRefusal, type HttpRequestCheck } from "@turbomcp/runtime/http";
 * const onlyTenantA: HttpRequestCheck = (_req, caller) => (caller.tenant?.id === "a" ? undefined : httpRefusal("forbidden", "Forbidden: tenant a only"));
 * ```
 */
export const httpRefusal = admissionRefusal;

/** Writes the refusal. The body is unread; Node discards it after the answer and keeps the connection. */
export function sendRefusal(res: ServerResponse, refusal: HttpRefusal): void {
  sendJson(res, refusal.status, refusal.body, refusal.headers);
}
