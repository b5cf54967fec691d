/**
 * What the legacy SSE relay puts on the cluster bus, and how it reads it back: a
 * POSTed message with the caller the receiving instance established, and the holding
 * instance's answer (taken, or refused with the reason the client gets).
 *
 * The caller travels as its principal and tenant only. `local` never does (it exempts
 * from route scopes, and only stdio may claim it), nor the session id (the holder
 * names its own session), nor anything the receiving instance did not establish: the
 * holder serves the message as exactly that caller, and checks its ownership itself.
 */
import type { Principal, Tenant } from "../../../handlers/context.js";
import type { Caller } from "../../../protocol/caller.js";
import { isRecord } from "../../../protocol/is-record.js";
import type { ParsedMessage } from "../../../protocol/jsonrpc.js";

/** A POST carried to the instance holding the session's stream. */
export interface RelayedPost {
  /** The receiving instance's bus id: where the answer goes. */
  readonly from: string;
  /** Matches the answer to the waiting POST. */
  readonly ref: string;
  readonly caller: Caller;
  readonly message: ParsedMessage;
}

/** The holder's answer: taken (the POST gets 202), or refused with the 404's message. */
export type RelayAnswer = { readonly ref: string; readonly taken: true } | { readonly ref: string; readonly taken: false; readonly refusal: string };

export function encodePost(from: string, ref: string, caller: Caller, message: ParsedMessage): string {
  return JSON.stringify({ from, ref, caller: wireCaller(caller), message });
}

export function parsePost(text: string): RelayedPost | undefined {
  const value = parseJson(text);
  if (!isRecord(value) || typeof value.from !== "string" || typeof value.ref !== "string" || !isParsedMessage(value.message)) return undefined;
  const caller = parseCaller(value.caller);
  return caller === undefined ? undefined : { from: value.from, ref: value.ref, caller, message: value.message };
}

export function parseAnswer(text: string): RelayAnswer | undefined {
  const value = parseJson(text);
  if (!isRecord(value) || typeof value.ref !== "string") return undefined;
  if (value.taken === true) return { ref: value.ref, taken: true };
  if (value.taken === false && typeof value.refusal === "string") return { ref: value.ref, taken: false, refusal: value.refusal };
  return undefined;
}

/** Only what serving needs: the identity and its scopes and claims, the tenant and its policy. */
function wireCaller(caller: Caller): Caller {
  const { principal, tenant } = caller;
  return {
    ...(principal === undefined
      ? {}
      : {
          principal: {
            subject: principal.subject,
            scopes: principal.scopes,
            scheme: principal.scheme,
            ...(principal.issuer === undefined ? {} : { issuer: principal.issuer }),
            claims: principal.claims,
          },
        }),
    ...(tenant === undefined ? {} : { tenant: { id: tenant.id, policy: tenant.policy } }),
  };
}

function parseCaller(value: unknown): Caller | undefined {
  if (!isRecord(value)) return undefined;
  const principal = value.principal === undefined ? undefined : parsePrincipal(value.principal);
  const tenant = value.tenant === undefined ? undefined : parseTenant(value.tenant);
  if (principal === null || tenant === null) return undefined;
  return { ...(principal === undefined ? {} : { principal }), ...(tenant === undefined ? {} : { tenant }) };
}

function parsePrincipal(value: unknown): Principal | null {
  if (!isRecord(value) || typeof value.subject !== "string" || typeof value.scheme !== "string" || !isStrings(value.scopes) || !isRecord(value.claims))
    return null;
  if (value.issuer !== undefined && typeof value.issuer !== "string") return null;
  const { subject, scopes, scheme, issuer, claims } = value;
  return { subject, scopes, scheme, ...(issuer === undefined ? {} : { issuer }), claims };
}

const POLICY_LISTS = ["allowedTools", "deniedTools", "allowedResources", "deniedResources", "allowedPrompts", "deniedPrompts"] as const;

function parseTenant(value: unknown): Tenant | null {
  if (!isRecord(value) || typeof value.id !== "string" || !isRecord(value.policy)) return null;
  const { policy } = value;
  if (POLICY_LISTS.some((key) => policy[key] !== undefined && !isStrings(policy[key]))) return null;
  const { rateLimit, maxConcurrentRequests } = policy;
  if (rateLimit !== undefined && !(isRecord(rateLimit) && typeof rateLimit.limit === "number" && typeof rateLimit.windowMs === "number")) return null;
  if (maxConcurrentRequests !== undefined && typeof maxConcurrentRequests !== "number") return null;
  return { id: value.id, policy };
}

const KINDS = new Set(["request", "notification", "response", "batch", "invalid"]);

/** The shape the receiving instance's parser produced; its contents were checked there. */
function isParsedMessage(value: unknown): value is ParsedMessage {
  if (!isRecord(value) || typeof value.kind !== "string" || !KINDS.has(value.kind)) return false;
  if (value.kind === "batch") return Array.isArray(value.items) && value.items.every(isParsedMessage);
  if (value.kind === "invalid") return typeof value.reason === "string" && (value.reply === null || isRecord(value.reply));
  return isRecord(value.message);
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
