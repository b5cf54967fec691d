/**
 * Names json-schema-to-typescript cannot take as they are. Its linker calls
 * `node.hasOwnProperty(…)` on every plain object of a schema (a key named
 * `hasOwnProperty` crashes it), it copies nested `$defs` into one object with
 * `Object.assign` (a `__proto__` entry becomes that object's prototype), and it
 * tests keywords with `key in schema`. So before it runs, every key named like an
 * Object.prototype member is swapped, at any depth:
 * - in `properties`, `dependentSchemas`, `dependentRequired`, `dependencies` and
 *   `required`: for a placeholder that its TypeScript gets back as the quoted name
 *   (`"toString"?: string`);
 * - in `patternProperties` (a pattern shows up only in a comment) and inside
 *   `const`/`enum` values (printed as JSON, whose keys are quoted already): for a
 *   placeholder that gets back the bare name;
 * - in `$defs`/`definitions`: for a readable key (`hasOwnProperty` →
 *   `HasOwnProperty`), as the key only names the entry's type (`XHasOwnProperty`).
 * Every `#/…` reference through a swapped key is rewritten with it. `default` and
 * `examples` are dropped: they are data the types never show.
 */
import { ONE_SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS } from "../util/schema-keywords.js";
import { escapePointerSegment } from "../util/json-pointer.js";
import { setOwn } from "../util/own-property.js";
import { isSchemaObject } from "./schema-walk.js";

/** Object.prototype's own members (`toString`, `__proto__`, `__defineGetter__`, …). */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

const DEFINITIONS = new Set(["$defs", "definitions"]);
/** Maps keyed by property names (draft-07 `dependencies` and `dependentRequired` too). */
const NAME_MAPS = new Set([...[...SUBSCHEMA_MAPS].filter((keyword) => !DEFINITIONS.has(keyword) && keyword !== "patternProperties"), "dependentRequired"]);
const DATA = new Set(["const", "enum"]);
const DROPPED = new Set(["default", "examples"]);

export interface EncodedKeys {
  readonly schema: unknown;
  /** The TypeScript with each placeholder back to its name. */
  restore(typescript: string): string;
}

/** A prefix that occurs nowhere in `schema`, so a placeholder cannot meet user text. */
function freshPrefix(schema: unknown): string {
  const text = JSON.stringify(schema);
  let prefix = "TurbomcpKey";
  while (text.includes(prefix)) prefix += "_";
  return prefix;
}

const definitionNameCache = new WeakMap<object, ReadonlyMap<string, string>>();

/** New keys for the entries of one `$defs` object named like Object.prototype members. */
function definitionNames(definitions: Record<string, unknown>): ReadonlyMap<string, string> {
  let names = definitionNameCache.get(definitions);
  if (names !== undefined) return names;
  const renamed = new Map<string, string>();
  const taken = new Set(Object.keys(definitions));
  for (const name of Object.keys(definitions)) {
    if (!PROTOTYPE_NAMES.has(name)) continue;
    const base = name.replace(/^[^A-Za-z0-9]+/, "");
    let fresh = base === "" ? "Definition" : base.charAt(0).toUpperCase() + base.slice(1);
    while (taken.has(fresh) || PROTOTYPE_NAMES.has(fresh)) fresh += "_";
    taken.add(fresh);
    renamed.set(name, fresh);
  }
  names = renamed;
  definitionNameCache.set(definitions, names);
  return names;
}

/** Placeholders, one per name and kind of restoring. */
class Placeholders {
  private readonly tokens = new Map<string, { token: string; text: string }>();

  constructor(private readonly prefix: string) {}

  /** A placeholder for `name` that restores as a quoted key. */
  quoted(name: string): string {
    return PROTOTYPE_NAMES.has(name) ? this.token(`q${name}`, "X", JSON.stringify(name)) : name;
  }

  /** A placeholder for `name` that restores as the bare name (inside JSON or a comment, already quoted). */
  bare(name: string): string {
    return PROTOTYPE_NAMES.has(name) ? this.token(`b${name}`, "R", name) : name;
  }

  restore(typescript: string): string {
    let result = typescript;
    for (const { token, text } of this.tokens.values()) result = result.split(token).join(text);
    return result;
  }

  private token(key: string, suffix: string, text: string): string {
    let found = this.tokens.get(key);
    if (found === undefined) {
      // The suffix ends the number, so no token is a prefix of another.
      found = { token: `${this.prefix}${this.tokens.size}${suffix}`, text };
      this.tokens.set(key, found);
    }
    return found.token;
  }
}

function renameKeys(map: Record<string, unknown>, rename: (name: string) => string, value: (child: unknown) => unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(map)) setOwn(result, rename(name), value(child));
  return result;
}

type Step = "schema" | "definitions" | "names" | "patterns" | "list" | "data";

/** What the value under `keyword` of a schema object is. */
function stepOf(keyword: string, value: unknown): Step {
  if (DEFINITIONS.has(keyword)) return "definitions";
  if (keyword === "patternProperties") return "patterns";
  if (NAME_MAPS.has(keyword)) return "names";
  if (SUBSCHEMA_LISTS.has(keyword) && Array.isArray(value)) return "list";
  if (ONE_SUBSCHEMA.has(keyword)) return "schema";
  return "data";
}

/** Decodes one segment of a `#/…` fragment: percent-encoding, then `~1` and `~0`. */
function fragmentSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
  } catch {
    return undefined;
  }
}

export function encodePrototypeKeys(written: unknown): EncodedKeys {
  const placeholders = new Placeholders(freshPrefix(written));

  /** `ref` with each key it passes through swapped as the schema's keys are; unchanged segments keep their spelling. */
  const translateRef = (ref: string): string => {
    if (!ref.startsWith("#/")) return ref;
    const raw = ref.slice(2).split("/");
    let node: unknown = written;
    let step: Step = "schema";
    let changed = false;
    const out = raw.map((segment) => {
      const name = fragmentSegment(segment);
      if (name === undefined || node === null || typeof node !== "object") {
        node = undefined;
        return segment;
      }
      const container = node as Record<string, unknown>;
      let renamed = name;
      let next: Step = "schema";
      if (step === "schema") next = stepOf(name, Object.hasOwn(container, name) ? container[name] : undefined);
      else if (step === "definitions") renamed = definitionNames(container).get(name) ?? name;
      else if (step === "names") renamed = placeholders.quoted(name);
      else if (step === "patterns") renamed = placeholders.bare(name);
      else if (step === "data") next = "data";
      node = Object.hasOwn(container, name) ? container[name] : undefined;
      step = next;
      if (renamed === name) return segment;
      changed = true;
      return escapePointerSegment(renamed);
    });
    return changed ? `#/${out.join("/")}` : ref;
  };

  const data = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(data);
    return isSchemaObject(value) ? renameKeys(value, (name) => placeholders.bare(name), data) : value;
  };

  const schema = (node: unknown): unknown => {
    if (!isSchemaObject(node)) return node;
    const result: Record<string, unknown> = {};
    for (const [keyword, value] of Object.entries(node)) {
      if (DROPPED.has(keyword)) continue;
      setOwn(result, keyword, keywordValue(keyword, value));
    }
    return result;
  };

  // A `dependencies` or `dependentRequired` entry may be a list of names: data for the types.
  const schemaOrNames = (child: unknown): unknown => (Array.isArray(child) ? child : schema(child));

  const keywordValue = (keyword: string, value: unknown): unknown => {
    if (keyword === "$ref" && typeof value === "string") return translateRef(value);
    if (keyword === "required" && Array.isArray(value)) return value.map((name: unknown) => (typeof name === "string" ? placeholders.quoted(name) : name));
    if (DATA.has(keyword)) return data(value);
    const step = stepOf(keyword, value);
    if (step === "list" && Array.isArray(value)) return value.map(schema);
    if (!isSchemaObject(value)) return step === "schema" ? schema(value) : value;
    if (step === "definitions") {
      const names = definitionNames(value);
      return renameKeys(value, (name) => names.get(name) ?? name, schema);
    }
    if (step === "names") return renameKeys(value, (name) => placeholders.quoted(name), schemaOrNames);
    if (step === "patterns") return renameKeys(value, (name) => placeholders.bare(name), schema);
    return step === "schema" ? schema(value) : value;
  };

  return { schema: schema(written), restore: (typescript) => placeholders.restore(typescript) };
}
