/**
 * List results built and serialised once per (kind, protocol version, what the caller
 * may see). The table is frozen, so a result never goes stale; a tenant whose policy
 * changes gets a new rules key, so it never sees a list cut for the old policy. One
 * cache per server, because 2026-07-28 results also carry the server's cache hints.
 */
import type { RoutePolicy } from "../config/policies.js";
import type { RouteTable } from "../routing/types.js";
import { tenantRules, type EntryKind } from "../routing/tenant-rules.js";
import type { Access } from "./access.js";
import { ANONYMOUS, type Caller } from "./caller.js";
import { preserialise } from "./encode.js";
import { projectDefinition } from "./fields.js";
import type { ResultEnvelope } from "./result-envelope.js";
import { isStatelessVersion } from "./versions.js";

export type ListKind = "tools" | "resources" | "resourceTemplates" | "prompts";

const FIELD_KIND = { tools: "tool", resources: "resource", resourceTemplates: "resourceTemplate", prompts: "prompt" } as const;

/** How tenant policies name the items of each list: templates are resources too. */
const ENTRY_KIND: Readonly<Record<ListKind, EntryKind>> = { tools: "tool", resources: "resource", resourceTemplates: "resource", prompts: "prompt" };

const METHOD = { tools: "tools/list", resources: "resources/list", resourceTemplates: "resources/templates/list", prompts: "prompts/list" } as const;

/** Distinct scope sets and tenant rules whose filtered lists are kept; beyond it the cache starts over. */
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
   * When lists hide what a caller may not use (its scopes, its tenant's policy), each
   * distinct view gets its own (and on 2026-07-28 a `private` cache scope: it depends
   * on who asks).
   */
  get(kind: ListKind, version: string, caller: Caller = ANONYMOUS): Readonly<Record<string, unknown>> {
    const scopeKey = this.access.listKey(caller);
    const key = `${kind}@${version}@${scopeKey}`;
    let result = this.#results.get(key);
    if (!result) {
      let definitions: readonly (object & { readonly name: string })[] = this.routes.lists[kind];
      const byScope = this.access.filtersLists;
      const byTenant = caller.tenant !== undefined && tenantRules(caller.tenant.policy).restricts;
      if (byScope) {
        let policies = this.#policies.get(kind);
        if (!policies) this.#policies.set(kind, (policies = policiesOf(this.routes, kind)));
        const visible = policies.map((policy) => this.access.missingScopes(caller, policy).length === 0);
        definitions = definitions.filter((_definition, index) => visible[index]);
      }
      if (byTenant) {
        const entryKind = ENTRY_KIND[kind];
        definitions = definitions.filter((definition) => this.access.tenantAllows(caller, { kind: entryKind, name: definition.name }));
      }
      const items = definitions.map((definition) => projectDefinition(FIELD_KIND[kind], definition, version));
      const plain = { [kind]: Object.freeze(items) };
      let complete: Readonly<Record<string, unknown>> = plain;
      if (isStatelessVersion(version)) {
        complete = this.envelope.complete(METHOD[kind], plain, version);
        if (byScope || byTenant) complete = { ...complete, cacheScope: "private" };
      }
      result = preserialise(Object.freeze(complete));
      if (scopeKey !== "" && this.#results.size >= MAX_FILTERED_LISTS) this.#results.clear();
      this.#results.set(key, result);
    }
    return result;
  }
}
