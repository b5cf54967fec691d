/**
 * The one context object every handler receives.
 *
 * The same handler code runs on every protocol version: the runtime decides whether
 * `elicit()` becomes a server-to-client request (≤ 2025-11-25) or an input-required
 * result (2026-07-28). Handler authors never see the difference.
 */
import type { ContentBlock, JsonObject, JsonSchema } from "./mcp-types.js";
import type { TenantPolicy } from "../config/policies.js";
import type { Dependency } from "./dependency.js";

/**
 * Who is calling, as established by the auth layer; `undefined` when the server is open.
 * An identity is scheme + issuer + subject together: the same `sub` from two identity
 * providers, or a JWT subject and an API key id that happen to be equal, are different
 * callers everywhere the runtime compares them (sessions, tasks, requestState, limits).
 */
export interface Principal {
  /** Stable subject identifier (JWT `sub`, API key id, …), unique within its issuer. */
  readonly subject: string;
  readonly scopes: readonly string[];
  /** Where the identity came from, e.g. `"jwt"` or `"apiKey"`. */
  readonly scheme: string;
  /**
   * Who vouches for the subject: a JWT's `iss` (empty when the token names none), the
   * header and prefix of an API key scheme (`x-api-key`, `authorization/tmcp_`).
   * Absent means empty.
   */
  readonly issuer?: string;
  /** Verified claims; never contains the raw credential. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * Who sent a request, as the transport's security layer established it (HTTP auth
 * middleware, an API key, the OS user of a Unix socket).
 */
export interface Caller {
  /** Undefined when the server is open or the request carried no credentials. */
  readonly principal?: Principal;
  readonly tenant?: Tenant;
  /** The legacy HTTP session the request belongs to, if any. */
  readonly sessionId?: string;
  /**
   * The transport vouches for the caller: on stdio the client is the process that
   * started the server, with the user's own rights, and brings no credentials to
   * check (basic/index, "Auth"), so route scopes do not apply. Never set for
   * anything reachable over a network.
   */
  readonly local?: boolean;
}

/** The tenant a request belongs to, resolved from the manifest's `tenants.source`, never chosen against the caller's credentials. */
export interface Tenant {
  readonly id: string;
  /** The tenant's own policy from the manifest or the tenant directory, else `tenants.defaults`. */
  readonly policy: TenantPolicy;
}

export interface SessionInfo {
  readonly id: string;
}

export type LogLevel = "debug" | "info" | "notice" | "warning" | "error" | "critical" | "alert" | "emergency";

export interface ProgressUpdate {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/** Form-mode elicitation: ask the user for structured input. */
export interface FormElicitation {
  readonly mode?: "form";
  readonly message: string;
  /** Flat object schema of primitive fields, as MCP restricts it. */
  readonly requestedSchema: JsonSchema;
}

/** URL-mode elicitation: send the user to a URL (2025-11-25 and later). */
export interface UrlElicitation {
  readonly mode: "url";
  readonly message: string;
  readonly url: string;
  /** Sent on 2025-11-25 only; 2026-07-28 dropped it (the retry itself tells the outcome). */
  readonly elicitationId: string;
}

/**
 * How a handler names what it asks the client for.
 *
 * On 2026-07-28 every question goes back to the client inside an input-required
 * result, keyed by name, and the client retries the request with the answers under
 * the same names. The handler then runs again from the start and each ask returns
 * the recorded answer, so code before an ask may run more than once: do side effects
 * after the asks. Asks made together (`Promise.all`) go out in one round.
 */
export interface AskOptions {
  /**
   * The `inputRequests` key, unique within the request. Default: the kind and its
   * call order, e.g. `elicitation-1`, `sampling-1`, `roots-1`. Give a name when the
   * handler's asks depend on earlier answers, so a name always means one question.
   */
  readonly key?: string;
}

export interface ElicitResult {
  readonly action: "accept" | "decline" | "cancel";
  readonly content?: JsonObject;
}

export interface SamplingMessage {
  readonly role: "user" | "assistant";
  readonly content: ContentBlock;
}

export interface SamplingRequest {
  readonly messages: readonly SamplingMessage[];
  readonly maxTokens: number;
  readonly systemPrompt?: string;
  readonly temperature?: number;
  readonly stopSequences?: readonly string[];
  readonly modelPreferences?: JsonObject;
  readonly includeContext?: "none" | "thisServer" | "allServers";
}

export interface SamplingResult {
  readonly role: "user" | "assistant";
  readonly content: ContentBlock;
  readonly model: string;
  readonly stopReason?: string;
}

export interface Root {
  readonly uri: string;
  readonly name?: string;
}

/** What every handler (tool, resource, prompt, completion) gets as `ctx`. */
export interface RequestContext {
  /** JSON-RPC id of the request being served. */
  readonly requestId: string | number;
  /** Aborted when the client cancels, the timeout fires or the server drains. */
  readonly signal: AbortSignal;
  readonly principal: Principal | undefined;
  readonly tenant: Tenant | undefined;
  readonly session: SessionInfo | undefined;
  /** Negotiated protocol version of this request. */
  readonly protocolVersion: string;
  /**
   * What the client declared it can do (`elicitation`, `sampling`, `roots`, …): from
   * `initialize` on ≤ 2025-11-25, from the request's `_meta` on 2026-07-28. Asking for
   * something undeclared fails with -32021 (missing client capability).
   */
  readonly clientCapabilities: Readonly<Record<string, unknown>>;
  // Function properties rather than methods: they are bound to the request, so a
  // handler may destructure them (`async (input, { progress }) => …`) or pass them on.
  /** Send a log message to the client (respects `logging/setLevel`). */
  readonly log: (level: LogLevel, data: unknown, logger?: string) => void;
  /** Report progress; a no-op when the client did not ask for progress. */
  readonly progress: (update: ProgressUpdate) => void;
  /** Ask the user for input through the client. */
  readonly elicit: (request: FormElicitation | UrlElicitation, options?: AskOptions) => Promise<ElicitResult>;
  /** Ask the client's model for a completion. */
  readonly sample: (request: SamplingRequest, options?: AskOptions) => Promise<SamplingResult>;
  /** The client's filesystem roots. */
  readonly roots: (options?: AskOptions) => Promise<readonly Root[]>;
  /**
   * Closes the connection that carries this request's response now, with an SSE
   * `retry`, without ending the request (SEP-1699 polling): the client reconnects
   * after `retryMs` with `Last-Event-ID`, on any instance, and receives what the
   * request sends from then on, its result included. For long work, so no connection
   * is held open meanwhile. False where the transport cannot (2025-era sessions over
   * Streamable HTTP with resumable streams only; not stdio, sockets, legacy HTTP+SSE or
   * 2026-07-28 requests): the request then goes on as before.
   */
  readonly closeStream: (retryMs?: number) => boolean;
  /**
   * The request's tenant id; throws -32003 (403) when the request has none, so
   * tenant-scoped code never runs with an undefined tenant.
   */
  readonly requireTenant: () => string;
  /**
   * Throws -32003 (403) unless the request's tenant is `ownerTenantId`, the tenant that
   * owns the record about to be read or changed. The error never names either tenant.
   *
   * @example
   * ```ts
   * import type { ToolContext } from "@turbomcp/runtime";
   * function readNote(notes: Map<number, { tenant: string; text: string }>, id: number, ctx: ToolContext): string {
   *   const note = notes.get(id);
   *   if (note === undefined) throw new Error("no such note");
   *   ctx.validateTenantOwnership(note.tenant);
   *   return note.text;
   * }
   * ```
   */
  readonly validateTenantOwnership: (ownerTenantId: string) => void;
  /**
   * Calls to the upstream the manifest's `dependencies` names `name`, through its
   * circuit breaker (docs/dependencies.md). Throws at once for a name the manifest does
   * not declare. The call's signal is also aborted when this request is cancelled.
   */
  readonly dependency: (name: string) => Dependency;
}

export type ToolContext = RequestContext;
export type ResourceContext = RequestContext & { readonly uri: string };
export type PromptContext = RequestContext;
export type CompletionContext = RequestContext & {
  /** Values of the other arguments already filled in by the user. */
  readonly arguments: Readonly<Record<string, string>>;
};
