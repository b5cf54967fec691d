/**
 * `x-mcp-header` (MCP 2026-07-28, SEP-2243): a tool's inputSchema may mark a
 * parameter to be mirrored into an `Mcp-Param-<Name>` HTTP header. Clients MUST drop
 * a tool whose annotation breaks the spec's rules from `tools/list`, so a mistake
 * would make the tool vanish without a word; the generator reports it instead, at
 * the annotation, in the user's file.
 *
 * The checks read the schema as clients will see it, after `$ref`s to other files
 * are inlined: a `#/$defs/…` reference is kept, so what it reaches is not static.
 */
import type { JsonSchema } from "@turbomcp/runtime";
import type { ManifestModel } from "../model/types.js";
import { joinPointer } from "../util/json-pointer.js";
import { ONE_SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS } from "../util/schema-keywords.js";

type Report = (pointer: string, message: string) => void;

const KEYWORD = "x-mcp-header";

// RFC 9110 §5.6.2: token = 1*tchar.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const CONTROL = /[\u0000-\u001f\u007f]/;
const HEADER_TYPES: readonly unknown[] = ["string", "integer", "boolean"];

/**
 * Where a subschema stands: `null` is the root, `undefined` a property reached
 * through `properties` only, a string the first other keyword on its path.
 */
type Reach = null | undefined | string;

interface Annotation {
  /** Pointer of the `x-mcp-header` key. */
  readonly pointer: string;
  readonly value: unknown;
  /** The schema carrying it. */
  readonly schema: Readonly<Record<string, unknown>>;
  /** Where its schema stands (see `Reach`). */
  readonly reach: Reach;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function reachOf(parent: Reach, keyword: string): Reach {
  if (typeof parent === "string") return parent;
  return keyword === "properties" ? undefined : keyword;
}

/** Every `x-mcp-header` in a schema, walking subschemas only (not `const`, `enum`, `default`, … which are data). */
function annotations(schema: JsonSchema, pointer: string): Annotation[] {
  const found: Annotation[] = [];
  const walk = (node: unknown, at: string, reach: Reach): void => {
    if (!isObject(node)) return;
    if (Object.hasOwn(node, KEYWORD)) found.push({ pointer: joinPointer(at, KEYWORD), value: node[KEYWORD], schema: node, reach });
    for (const [keyword, value] of Object.entries(node)) {
      const here = joinPointer(at, keyword);
      const next = reachOf(reach, keyword);
      if (ONE_SUBSCHEMA.has(keyword)) walk(value, here, next);
      if (SUBSCHEMA_LISTS.has(keyword) && Array.isArray(value)) value.forEach((item, index) => walk(item, joinPointer(here, index), next));
      if (SUBSCHEMA_MAPS.has(keyword) && isObject(value)) for (const [name, child] of Object.entries(value)) walk(child, joinPointer(here, name), next);
    }
  };
  walk(schema, pointer, null);
  return found;
}

/** What is wrong with one annotation's value, or `undefined`. */
function valueProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `"${KEYWORD}" must be a string: the <Name> of the Mcp-Param-<Name> header`;
  if (value === "") return `"${KEYWORD}" must not be empty`;
  if (CONTROL.test(value)) return `"${KEYWORD}" must not contain control characters`;
  if (!TOKEN.test(value)) return `"${KEYWORD}" ${JSON.stringify(value)} is not an HTTP header name token: use letters, digits and !#$%&'*+-.^_\`|~ only`;
  return undefined;
}

function placementProblem(annotation: Annotation): string | undefined {
  if (annotation.reach === null) return `"${KEYWORD}" must be on a property of the inputSchema, not on its root`;
  if (annotation.reach !== undefined) {
    return `"${KEYWORD}" must be on a property reached from the inputSchema's root through "properties" only, not through "${annotation.reach}"`;
  }
  const type = annotation.schema.type;
  if (!HEADER_TYPES.includes(type)) {
    const found = type === undefined ? "no type" : `"type": ${JSON.stringify(type)}`;
    return `a parameter with "${KEYWORD}" must have "type": "string", "integer" or "boolean" (it has ${found})`;
  }
  return undefined;
}

function checkInputSchema(schema: JsonSchema, pointer: string, report: Report): void {
  const used = new Map<string, string>();
  for (const annotation of annotations(schema, pointer)) {
    const problem = valueProblem(annotation.value) ?? placementProblem(annotation);
    if (problem !== undefined) {
      report(annotation.pointer, problem);
      continue;
    }
    const name = String(annotation.value);
    const earlier = used.get(name.toLowerCase());
    if (earlier === undefined) used.set(name.toLowerCase(), annotation.pointer);
    else report(annotation.pointer, `"${KEYWORD}" "${name}" is already used at ${earlier} (header names are case-insensitive)`);
  }
}

/** Reports every misplaced or malformed `x-mcp-header` in the manifest's JSON Schemas. */
export function checkHeaderParams(model: ManifestModel, report: Report): void {
  const elsewhere = (schema: JsonSchema, pointer: string): void => {
    for (const annotation of annotations(schema, pointer)) report(annotation.pointer, `"${KEYWORD}" is only allowed in a tool's inputSchema`);
  };
  for (const tool of model.tools) {
    checkInputSchema(tool.inputSchema, `${tool.pointer}/inputSchema`, report);
    if (tool.outputSchema !== undefined) elsewhere(tool.outputSchema, `${tool.pointer}/outputSchema`);
  }
  for (const template of model.resourceTemplates) {
    for (const variable of template.variables) elsewhere(variable.schema, `${joinPointer(`${template.pointer}/variables`, variable.name)}/schema`);
  }
}
