/**
 * List results built and serialised once per (kind, protocol version). The table is
 * frozen, so a result never goes stale. One cache per server, because 2026-07-28
 * results also carry the server's cache hints.
 */
import type { RouteTable } from "../routing/types.js";
import { preserialise } from "./encode.js";
import { projectDefinition } from "./fields.js";
import type { ResultEnvelope } from "./result-envelope.js";
import { isStatelessVersion } from "./versions.js";

export type ListKind = "tools" | "resources" | "resourceTemplates" | "prompts";

const FIELD_KIND = { tools: "tool", resources: "resource", resourceTemplates: "resourceTemplate", prompts: "prompt" } as const;

const METHOD = { tools: "tools/list", resources: "resources/list", resourceTemplates: "resources/templates/list", prompts: "prompts/list" } as const;

export class ListCache {
  readonly #results = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(
    private readonly routes: RouteTable,
    private readonly envelope: ResultEnvelope,
  ) {}

  /** The complete, single-page list result, e.g. `{ tools: [...] }`, ready for the wire. */
  get(kind: ListKind, version: string): Readonly<Record<string, unknown>> {
    const key = `${kind}@${version}`;
    let result = this.#results.get(key);
    if (!result) {
      const definitions: readonly object[] = this.routes.lists[kind];
      const items = definitions.map((definition) => projectDefinition(FIELD_KIND[kind], definition, version));
      const plain = { [kind]: Object.freeze(items) };
      result = preserialise(Object.freeze(isStatelessVersion(version) ? this.envelope.complete(METHOD[kind], plain, version) : plain));
      this.#results.set(key, result);
    }
    return result;
  }
}
