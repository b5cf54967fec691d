/**
 * Checks on the manifest's middleware the schema cannot express: every name an
 * entry references is defined; a result cache only on tools that change nothing;
 * argument redaction only where there are arguments, and only of names the entry
 * has (a redaction that can never apply is a security setting silently ignored);
 * custom middleware whose names would share a stub file or export.
 */
import type { EntryMiddleware, EntryOrigin, ManifestModel, MiddlewareModel, ToolModel } from "../model/types.js";
import { isSchemaObject, mapSchema } from "../emit/schema-walk.js";
import { didYouMean } from "../util/closest-name.js";

type Report = (pointer: string, message: string) => void;

/** Every property name declared anywhere in a schema (nested objects, `$defs`, branches). */
function propertyNames(schema: unknown): Set<string> {
  const names = new Set<string>();
  mapSchema(schema, (node) => {
    if (isSchemaObject(node.properties)) for (const name of Object.keys(node.properties)) names.add(name);
    return node;
  });
  return names;
}

function checkCache(tool: ToolModel, pointer: string, definition: string, report: Report): void {
  if (tool.annotations?.readOnlyHint === true || tool.annotations?.idempotentHint === true) return;
  report(
    pointer,
    `"${definition}" is a result cache, and tool "${tool.name}" is neither read-only nor idempotent: a cached result would skip a call that changes something. ` +
      'If the tool changes nothing, say so with "annotations": { "readOnlyHint": true } (or "idempotentHint": true)',
  );
}

/** How the runtime's redaction compares keys (observability/audit-redact.ts): `cardNumber`, `card_number` and `CARD-NUMBER` are one. */
const redactionKey = (key: string): string => key.toLowerCase().replace(/[-_]/g, "");

/** A redaction key no argument of the entry is named: `names` are what the entry's arguments can be called. */
function checkRedactKeys(keys: readonly string[], names: ReadonlySet<string>, what: string, pointer: string, definition: string, report: Report): void {
  const matched = new Set([...names].map(redactionKey));
  for (const key of keys) {
    if (matched.has(redactionKey(key))) continue;
    report(pointer, `"${definition}" redacts "${key}", and ${what} has no argument of that name${didYouMean(key, names)}: the redaction could never apply`);
  }
}

/** An entry that may reference middleware, with what the checks need to know of it. */
interface Referrer {
  readonly entry: EntryMiddleware & EntryOrigin;
  /** How a message names it: `tool "add"`, `a resource`. */
  readonly what: string;
  /** Set for a tool: a cache needs its annotations. */
  readonly tool?: ToolModel;
  /** The names its arguments can have; undefined when it takes none (resources). Computed only for a redaction. */
  readonly argumentNames?: () => ReadonlySet<string>;
}

function checkReference(referrer: Referrer, name: string, pointer: string, defined: ReadonlyMap<string, MiddlewareModel>, report: Report): void {
  const definition = defined.get(name);
  if (definition === undefined) {
    const where = defined.size === 0 ? 'the manifest has no top-level "middleware"' : 'it is not defined in the top-level "middleware"';
    report(pointer, `no middleware is named "${name}": ${where}${didYouMean(name, defined.keys())}`);
    return;
  }
  if (definition.use === "cache" && referrer.tool !== undefined) checkCache(referrer.tool, pointer, name, report);
  if (definition.use !== "redact") return;
  if (referrer.argumentNames === undefined) {
    report(pointer, `"${name}" redacts arguments, and ${referrer.what} has none: argument redaction is not supported here`);
    return;
  }
  const keys = definition.options.keys;
  const list = Array.isArray(keys) ? keys.filter((key): key is string => typeof key === "string") : [];
  checkRedactKeys(list, referrer.argumentNames(), referrer.what, pointer, name, report);
}

/** Custom middleware whose stub file or export would be the same (`tenant-rule` and `tenantRule`). */
function checkCustomNames(definitions: readonly MiddlewareModel[], report: Report): void {
  const files = new Map<string, string>();
  const exports = new Map<string, string>();
  for (const definition of definitions) {
    if (definition.use !== "custom") continue;
    const file = files.get(definition.handlerModule);
    const exported = exports.get(definition.identifier);
    const other = file ?? exported;
    if (other !== undefined) {
      const shared = file !== undefined ? `stub file ${definition.handlerModule}.ts` : `export ${definition.identifier}`;
      report(definition.pointer, `custom middleware "${definition.name}" and "${other}" would share the ${shared}; rename one`);
      continue;
    }
    files.set(definition.handlerModule, definition.name);
    exports.set(definition.identifier, definition.name);
  }
}

export function checkMiddleware(model: ManifestModel, report: Report): void {
  const definitions = model.middleware ?? [];
  const defined = new Map(definitions.map((definition) => [definition.name, definition]));
  const referrers: Referrer[] = [
    ...model.tools.map((tool) => ({ entry: tool, what: `tool "${tool.name}"`, tool, argumentNames: () => propertyNames(tool.inputSchema) })),
    ...model.resources.map((resource) => ({ entry: resource, what: "a resource" })),
    ...model.resourceTemplates.map((template) => ({ entry: template, what: "a resource template" })),
    ...model.prompts.map((prompt) => ({
      entry: prompt,
      what: `prompt "${prompt.name}"`,
      argumentNames: () => new Set(prompt.arguments.map((argument) => argument.name)),
    })),
  ];
  for (const referrer of referrers) {
    referrer.entry.middleware?.forEach((name, index) => checkReference(referrer, name, `${referrer.entry.pointer}/middleware/${index}`, defined, report));
  }
  checkCustomNames(definitions, report);
}
