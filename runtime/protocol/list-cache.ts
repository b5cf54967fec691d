/**
 * List results built and serialised once per (kind, protocol version). The table is
 * frozen, so a result never goes stale; a WeakMap lets tables in tests be collected.
 */
import type { RouteTable } from "../routing/types.js";
import { preserialise } from "./encode.js";
import { projectDefinition } from "./fields.js";

export type ListKind = "tools" | "resources" | "resourceTemplates" | "prompts";

const FIELD_KIND = { tools: "tool", resources: "resource", resourceTemplates: "resourceTemplate", prompts: "prompt" } as const;

const cache = new WeakMap<RouteTable, Map<string, Readonly<Record<string, unknown>>>>();

/** The complete, single-page list result, e.g. `{ tools: [...] }`. */
export function listResult(routes: RouteTable, kind: ListKind, version: string): Readonly<Record<string, unknown>> {
  let perTable = cache.get(routes);
  if (!perTable) {
    perTable = new Map();
    cache.set(routes, perTable);
  }
  const key = `${kind}@${version}`;
  let result = perTable.get(key);
  if (!result) {
    const definitions: readonly object[] = routes.lists[kind];
    const items = definitions.map((definition) => projectDefinition(FIELD_KIND[kind], definition, version));
    result = preserialise(Object.freeze({ [kind]: Object.freeze(items) }));
    perTable.set(key, result);
  }
  return result;
}
