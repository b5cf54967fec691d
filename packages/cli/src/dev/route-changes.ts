/**
 * What a reload changed in the routing table, in the words of `turbomcp dev`'s
 * status line: `tools +forecast ~echo -ping; prompts -greet`. An entry is changed
 * when its definition (what clients list) differs; a new handler behind the same
 * definition is not a list change and is reported by file instead.
 */
import type { RouteTable } from "@turbomcp/runtime";

interface Family {
  readonly label: string;
  readonly names: (table: RouteTable) => ReadonlyMap<string, unknown>;
}

const FAMILIES: readonly Family[] = [
  { label: "tools", names: (table) => byName(table.lists.tools, (tool) => tool.name) },
  { label: "resources", names: (table) => byName(table.lists.resources, (resource) => resource.uri) },
  { label: "templates", names: (table) => byName(table.lists.resourceTemplates, (template) => template.uriTemplate) },
  { label: "prompts", names: (table) => byName(table.lists.prompts, (prompt) => prompt.name) },
];

function byName<T>(definitions: readonly T[], nameOf: (definition: T) => string): ReadonlyMap<string, unknown> {
  return new Map(definitions.map((definition) => [nameOf(definition), definition]));
}

/** `""` when no definition changed. */
export function describeRouteChanges(before: RouteTable, after: RouteTable): string {
  const parts: string[] = [];
  for (const family of FAMILIES) {
    const old = family.names(before);
    const now = family.names(after);
    const marks: string[] = [];
    for (const [name, definition] of now) {
      if (!old.has(name)) marks.push(`+${name}`);
      else if (JSON.stringify(old.get(name)) !== JSON.stringify(definition)) marks.push(`~${name}`);
    }
    for (const name of old.keys()) if (!now.has(name)) marks.push(`-${name}`);
    if (marks.length > 0) parts.push(`${family.label} ${marks.join(" ")}`);
  }
  return parts.join("; ");
}
