/**
 * Inlines `$ref`s so the rest of the pipeline sees one manifest.
 *
 * Rules (documented in the README's manifest reference):
 * - A `$ref` to another file (`"./tools/add.json"`, `"./schemas.json#/$defs/Point"`)
 *   is resolved relative to the referring file and inlined.
 * - Inside a JSON Schema (`inputSchema`, `outputSchema`, template variable
 *   `schema`), a `#…` reference is relative to that schema's root, as JSON Schema
 *   defines it, and is kept, so `$defs` and recursive types keep working.
 * - Anywhere else a `#…` reference is relative to its own file and is inlined.
 * - Inlining a schema reference that has sibling keywords wraps it in `allOf`, so
 *   its meaning is unchanged. Cycles of inlined references are errors.
 */
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { getAtPointer, isWithinPointer, joinPointer } from "../util/json-pointer.js";
import type { JsonDocument } from "./json-document.js";
import { SourceMap } from "./source-map.js";

/** Where JSON Schemas sit in a manifest (resolved pointers). */
const SCHEMA_POSITIONS = [/^\/tools\/\d+\/(inputSchema|outputSchema)$/, /^\/resourceTemplates\/\d+\/variables\/[^/]+\/schema$/];

/** Loads a referenced file: its document, its syntax errors, or `undefined` when it cannot be read. */
export type DocumentLoader = (absolutePath: string) => JsonDocument | Diagnostic[] | undefined;

interface Place {
  readonly document: JsonDocument;
  readonly pointer: string;
}

interface Frame {
  /** What `#…` references are relative to here. */
  readonly base: Place;
  /** The root of the JSON Schema being walked, if inside one. */
  readonly schemaRoot: Place | undefined;
  /** References being inlined, to detect cycles. */
  readonly inlining: readonly string[];
}

export interface ResolvedManifest {
  readonly value: unknown;
  readonly sources: SourceMap;
}

export function resolveRefs(root: JsonDocument, load: DocumentLoader): ResolvedManifest | Diagnostic[] {
  const sources = new SourceMap();
  const diagnostics: Diagnostic[] = [];
  const rootPlace = { document: root, pointer: "" };

  function problem(place: Place, message: string): undefined {
    diagnostics.push({ file: place.document.displayPath, pointer: place.pointer, ...place.document.positionOf(place.pointer), message });
    return undefined;
  }

  function walk(value: unknown, at: Place, out: string, frame: Frame): unknown {
    sources.record(out, at);
    let current = frame;
    if (current.schemaRoot === undefined && SCHEMA_POSITIONS.some((pattern) => pattern.test(out))) {
      // A schema written inline in this file: its `#` is the schema itself.
      current = { ...current, base: at, schemaRoot: at };
    }
    if (Array.isArray(value)) {
      return value.map((item, index) => walk(item, { document: at.document, pointer: joinPointer(at.pointer, index) }, joinPointer(out, index), current));
    }
    if (value === null || typeof value !== "object") return value;
    const object = value as Record<string, unknown>;
    if (typeof object.$ref === "string") return reference(object, object.$ref, at, out, current);
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) {
      result[key] = walk(child, { document: at.document, pointer: joinPointer(at.pointer, key) }, joinPointer(out, key), current);
    }
    return result;
  }

  function reference(object: Record<string, unknown>, ref: string, at: Place, out: string, frame: Frame): unknown {
    const refPlace = { document: at.document, pointer: joinPointer(at.pointer, "$ref") };
    const hash = ref.indexOf("#");
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? "" : decodeURIComponent(ref.slice(hash + 1));
    if (fragment !== "" && !fragment.startsWith("/")) return problem(refPlace, `"$ref": "${ref}" must use a JSON pointer fragment such as "#/$defs/Name"`);
    if (/^[a-z][a-z0-9+.-]*:/i.test(filePart) || path.isAbsolute(filePart)) {
      return problem(refPlace, `"$ref": "${ref}" must be a relative file path; remote and absolute references are not supported`);
    }

    let target: Place;
    if (filePart === "") {
      const base = frame.base;
      target = { document: base.document, pointer: base.pointer + fragment };
      const root = frame.schemaRoot;
      if (root !== undefined && root.document === target.document && isWithinPointer(target.pointer, root.pointer)) {
        if (getAtPointer(target.document.value, target.pointer) === undefined) return problem(refPlace, `"$ref": "${ref}" points to nothing`);
        // Stays a schema-local reference, rewritten relative to the schema root.
        const siblings = walkSiblings(object, at, out, frame);
        return { ...siblings, $ref: `#${target.pointer.slice(root.pointer.length)}` };
      }
    } else {
      const loaded = load(path.resolve(path.dirname(at.document.absolutePath), filePart));
      if (loaded === undefined) return problem(refPlace, `cannot read "${filePart}" (resolved relative to ${at.document.displayPath})`);
      if (Array.isArray(loaded)) {
        diagnostics.push(...loaded);
        return undefined;
      }
      target = { document: loaded, pointer: fragment };
    }

    const key = `${target.document.displayPath}#${target.pointer}`;
    if (frame.inlining.includes(key)) return problem(refPlace, `"$ref" cycle: ${[...frame.inlining, key].join(" → ")}`);
    const targetValue = getAtPointer(target.document.value, target.pointer);
    if (targetValue === undefined) return problem(refPlace, `"$ref": "${ref}" points to nothing`);

    const inSchema = frame.schemaRoot !== undefined;
    const entersSchema = !inSchema && SCHEMA_POSITIONS.some((pattern) => pattern.test(out));
    const next: Frame = {
      base: { document: target.document, pointer: entersSchema ? target.pointer : "" },
      schemaRoot: entersSchema ? target : frame.schemaRoot,
      inlining: [...frame.inlining, key],
    };
    const inlined = walk(targetValue, target, out, next);
    const siblings = walkSiblings(object, at, out, frame);
    if (Object.keys(siblings).length === 0) return inlined;
    if (inSchema || entersSchema) return { allOf: [inlined], ...siblings };
    return inlined !== null && typeof inlined === "object" && !Array.isArray(inlined) ? { ...inlined, ...siblings } : inlined;
  }

  function walkSiblings(object: Record<string, unknown>, at: Place, out: string, frame: Frame): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) {
      if (key === "$ref") continue;
      result[key] = walk(child, { document: at.document, pointer: joinPointer(at.pointer, key) }, joinPointer(out, key), frame);
    }
    return result;
  }

  const value = walk(root.value, rootPlace, "", { base: rootPlace, schemaRoot: undefined, inlining: [] });
  return diagnostics.length > 0 ? diagnostics : { value, sources };
}
