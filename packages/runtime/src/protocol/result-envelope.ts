/**
 * The fields every 2026-07-28 result carries (basic/index): `resultType`, the server's
 * identity in `_meta["io.modelcontextprotocol/serverInfo"]`, and cache hints where
 * server/utilities/caching requires them. Legacy results go out unchanged.
 */
import type { RouteTable } from "../routing/types.js";
import type { CacheHints, ResolvedCacheHints } from "../config/cache-hints.js";
import { projectFields } from "./fields.js";
import type { InputRequest } from "./input-round.js";
import { META } from "./request-meta.js";

/**
 * The methods whose complete results must carry hints (required on `server/discover`,
 * the lists and `resources/read`, never on input-required results), and which hint each gets.
 */
const CACHEABLE_METHODS: Readonly<Record<string, keyof CacheHints>> = {
  "server/discover": "lists",
  "tools/list": "lists",
  "prompts/list": "lists",
  "resources/list": "lists",
  "resources/templates/list": "lists",
  "resources/read": "reads",
};

export class ResultEnvelope {
  readonly #meta = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(
    private readonly routes: RouteTable,
    private readonly hints: ResolvedCacheHints,
  ) {}

  /** `_meta` with the server's identity as `version` knows it; built once per version. */
  #serverMeta(version: string): Readonly<Record<string, unknown>> {
    let meta = this.#meta.get(version);
    if (!meta) {
      const { instructions: _instructions, ...identity } = this.routes.server;
      meta = Object.freeze({ [META.serverInfo]: projectFields("implementation", identity, version) });
      this.#meta.set(version, meta);
    }
    return meta;
  }

  /** A complete result of `method`; a `_meta` the handler set is kept beside the server's identity. */
  complete(method: string, result: object, version: string): Readonly<Record<string, unknown>> {
    const own = (result as { _meta?: unknown })._meta;
    const serverMeta = this.#serverMeta(version);
    const meta = typeof own === "object" && own !== null ? { ...own, ...serverMeta } : serverMeta;
    const hint = CACHEABLE_METHODS[method];
    if (hint === undefined) return { ...result, resultType: "complete", _meta: meta };
    // A middleware that knows better (the result cache: how long its copy stays fresh) sets its own hints.
    const hinted = result as { readonly ttlMs?: unknown; readonly cacheScope?: unknown };
    const configured = this.hints[hint];
    const ttlMs = typeof hinted.ttlMs === "number" && Number.isSafeInteger(hinted.ttlMs) && hinted.ttlMs >= 0 ? hinted.ttlMs : configured.ttlMs;
    const cacheScope = hinted.cacheScope === "public" || hinted.cacheScope === "private" ? hinted.cacheScope : configured.cacheScope;
    return { ...result, resultType: "complete", ttlMs, cacheScope, _meta: meta };
  }

  /** A `CreateTaskResult` (tasks extension, SEP-2663): the flat `Task` fields; the call goes on as a task. */
  task(fields: Readonly<Record<string, unknown>>, version: string): Readonly<Record<string, unknown>> {
    return { ...fields, resultType: "task", _meta: this.#serverMeta(version) };
  }

  /** An interim result asking the client for input (basic/patterns/mrtr); never cacheable. */
  inputRequired(inputRequests: Readonly<Record<string, InputRequest>>, requestState: string, version: string): Readonly<Record<string, unknown>> {
    return { resultType: "input_required", inputRequests, requestState, _meta: this.#serverMeta(version) };
  }
}
