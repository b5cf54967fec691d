/**
 * List results built and serialised once per (kind, protocol version). The table is
 * frozen, so a result never goes stale. One cache per server, because 2026-07-28
 * results also carry the server's cache hints.
 */
import type { RoutePolicy } from "../routing/policies.js";
import type { RouteTable } from "../routing/types.js";
import type { Access } from "./access.js";
import { ANONYMOUS, type Caller } from "./caller.js";
import { preserialise } from "./encode.js";
import { projectDefinition } from "./fields.js";
import type { ResultEnvelope } from "./result-envelope.js";
import { isStatelessVersion } from "./versions.js";

export type ListKind = "tools" | "resources" | "resourceTemplates" | "prompts";

const FIELD_KIND = { tools: "tool", resources: "resource", resourceTemplates: "resourceTemplate", prompts: "prompt" } as const;

const METHOD = { tools: "tools/list", resources: "resources/list", resourceTemplates: "resources/templates/list", prompts: "prompts/list" } as const;

/** Distinct scope sets whose filtered lists are kept; beyond it the cache starts over. */
const MAX_FILTERED_LISTS = 256;

/** The policy of each list item, in list order. */
function policiesOf(routes: RouteTable, kind: ListKind): readonly RoutePolicy[] {
  switch (kind) {
    case "tools":
      return [...routes.tools.values()].map((route) => route.policy);
    case "resources":
      return [...routes.resources.values()].map((route) => route.policy);
    case "resourceTemplates":
      return routes.resourceTemplates.map((route) => route.policy);
    case "prompts":
      return [...routes.prompts.values()].map((route) => route.policy);
  }
}

export class ListCache {
  readonly #results = new Map<string, Readonly<Record<string, unknown>>>();
  readonly #policies = new Map<ListKind, readonly RoutePolicy[]>();

  constructor(
    private readonly routes: RouteTable,
    private readonly envelope: ResultEnvelope,
    private readonly access: Access,
  ) {}

  /**
   * The complete, single-page list result, e.g. `{ tools: [...] }`, ready for the wire.
   * When lists hide what a caller may not call, each distinct scope set gets its own
   * (and on 2026-07-28 a `private` cache scope: it depends on who asks).
   */
  get(kind: ListKind, version: string, caller: Caller = ANONYMOUS): Readonly<Record<string, unknown>> {
    const scopeKey = this.access.listKey(caller);
    const key = `${kind}@${version}@${scopeKey}`;
    let result = this.#results.get(key);
    if (!result) {
      let definitions: readonly object[] = this.routes.lists[kind];
      if (this.access.filtersLists) {
        let policies = this.#policies.get(kind);
        if (!policies) this.#policies.set(kind, (policies = policiesOf(this.routes, kind)));
        const visible = policies.map((policy) => this.access.missingScopes(caller, policy).length === 0);
        definitions = definitions.filter((_definition, index) => visible[index]);
      }
      const items = definitions.map((definition) => projectDefinition(FIELD_KIND[kind], definition, version));
      const plain = { [kind]: Object.freeze(items) };
      let complete: Readonly<Record<string, unknown>> = plain;
      if (isStatelessVersion(version)) {
        complete = this.envelope.complete(METHOD[kind], plain, version);
        if (this.access.filtersLists) complete = { ...complete, cacheScope: "private" };
      }
      result = preserialise(Object.freeze(complete));
      if (scopeKey !== "" && this.#results.size >= MAX_FILTERED_LISTS) this.#results.clear();
      this.#results.set(key, result);
    }
    return result;
  }
}
