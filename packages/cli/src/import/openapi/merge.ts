/**
 * Re-import: the new tools of one API merged into an existing manifest. The tools
 * this API imported before (their `upstream.dependency` is the API's dependency) are
 * replaced, matched by name: what the import writes (title, description, schemas,
 * annotations, upstream) is updated, what the user added to them (scopes, timeouts,
 * rate limits, middleware, `_meta`, icons, execution) is kept. Imported tools the
 * description no longer has are removed. Everything else in the manifest (other
 * tools, the server section, auth, the dependency's breaker settings) is kept as it
 * is. Handlers are never touched: `generate` creates the missing ones only.
 */
import { isDeepStrictEqual } from "node:util";
import type { UpstreamHttpInput } from "../../model/manifest-input.js";
import { type JsonRecord, asArray, asRecord } from "./json-value.js";
import type { ImportedTool } from "./operation-tool.js";

/** The fields an import owns on a tool; any other field is the user's. */
const IMPORTED_FIELDS = ["title", "description", "inputSchema", "outputSchema", "annotations", "upstream"] as const;

export interface ToolChanges {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: readonly string[];
}

export interface MergeResult {
  readonly manifest: JsonRecord;
  readonly changes: ToolChanges;
}

function importedBy(tool: unknown, dependency: string): boolean {
  return asRecord(asRecord(tool)?.upstream)?.dependency === dependency;
}

/** The existing tool with the import's fields replaced, the user's kept, in the existing key order. */
function updated(existing: JsonRecord, tool: ImportedTool): JsonRecord {
  const next: Record<string, unknown> = { ...existing };
  for (const field of IMPORTED_FIELDS) {
    if (tool[field] === undefined) delete next[field];
    else next[field] = tool[field];
  }
  return next;
}

/** Tool names in `existing` that another API or the user owns: the import must not take them. */
export function foreignToolNames(existing: JsonRecord | undefined, dependency: string): string[] {
  return asArray(existing?.tools).flatMap((tool) => {
    const name = asRecord(tool)?.name;
    return typeof name === "string" && !importedBy(tool, dependency) ? [name] : [];
  });
}

export function mergeManifest(
  existing: JsonRecord | undefined,
  base: JsonRecord,
  dependency: string,
  http: UpstreamHttpInput,
  tools: readonly ImportedTool[],
): MergeResult {
  const manifest: Record<string, unknown> = { ...(existing ?? base) };
  const dependencies = { ...(asRecord(manifest.dependencies) ?? {}) };
  dependencies[dependency] = { ...(asRecord(dependencies[dependency]) ?? {}), http };
  manifest.dependencies = dependencies;

  const incoming = new Map(tools.map((tool) => [tool.name, tool]));
  const changes = { added: [] as string[], changed: [] as string[], removed: [] as string[], unchanged: [] as string[] };
  const kept: unknown[] = [];
  for (const tool of asArray(manifest.tools)) {
    const record = asRecord(tool);
    if (record === undefined || !importedBy(record, dependency)) {
      kept.push(tool);
      continue;
    }
    const name = String(record.name);
    const next = incoming.get(name);
    if (next === undefined) {
      changes.removed.push(name);
      continue;
    }
    incoming.delete(name);
    const merged = updated(record, next);
    (isDeepStrictEqual(merged, record) ? changes.unchanged : changes.changed).push(name);
    kept.push(merged);
  }
  for (const tool of incoming.values()) {
    changes.added.push(tool.name);
    kept.push({ ...tool });
  }
  manifest.tools = kept;
  return { manifest, changes };
}
