/**
 * Inlines `$ref`s so the rest of the pipeline sees one manifest.
 *
 * Rules (documented in the README's manifest reference):
 * - A `$ref` to another file (`"./tools/add.json"`, `"./schemas.json#/$defs/Point"`)
 *   is resolved relative to the referring file and inlined. It must stay inside
 *   the project folder (the root manifest's), symlinks followed: a manifest can
 *   come from someone else, and what it inlines is served in tools/list.
 * - Inside a JSON Schema (`inputSchema`, `outputSchema`, template variable
 *   `schema`), a `#…` reference is relative to the schema's document, as JSON
 *   Schema defines it: the schema itself when written in the manifest, the file
 *   when it lives in one (`schemas/point.json`). When its target is part of the
 *   emitted schema it is kept, rewritten to where the target lands, so `$defs`
 *   and recursive types keep working; otherwise it is inlined.
 * - Anywhere else a `#…` reference is relative to its own file and is inlined.
 * - Inlining a schema reference that has sibling keywords wraps it in `allOf`, so
 *   its meaning is unchanged. Cycles of inlined references are errors.
 * - Where a reference in a schema (or as a whole schema) is inlined, and from
 *   which file and pointer, is recorded: the type emitter declares such a target
 *   once as a named type instead of one copy per use (emit/named-schemas.ts).
 */
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { locateInside } from "../util/safe-path.js";
import { getAtPointer, isWithinPointer, joinPointer } from "../util/json-pointer.js";
import { setOwn } from "../util/own-property.js";
import type { JsonDocument } from "./json-document.js";
import { SourceMap } from "./source-map.js";

/** Where JSON Schemas sit in a manifest (resolved pointers). */
const SCHEMA_POSITIONS = [/^\/tools\/\d+\/(inputSchema|outputSchema)$/, /^\/resourceTemplates\/\d+\/variables\/[^/]+\/schema$/];

/** Loads a referenced file: its document, its syntax errors, or `undefined` when it cannot be read. */
export type DocumentLoader = (absolutePath: string) => JsonDocument | Diagnostic[] | undefined;

/** The folder every referenced file must be in: the one holding the root manifest. */
export interface ProjectFolder {
  readonly absolutePath: string;
  /** As shown to users, ending in `/` (`./` for the working directory). */
  readonly displayPath: string;
}

interface Place {
  readonly document: JsonDocument;
  readonly pointer: string;
}

/**
 * The part of a document whose `#…` references stay references, and where that
 * part lands in the emitted schema, so a kept reference can be rewritten to point
 * at the same place there.
 */
interface SchemaScope {
  /** Where the part comes from. */
  readonly source: Place;
  /** Pointer of the part inside the emitted schema ("" when it is the schema). */
  readonly landsAt: string;
  /** Resolved pointer of the emitted schema's root, e.g. `/tools/0/inputSchema`. */
  readonly schemaOut: string;
}

interface Frame {
  /** What `#…` references are relative to here. */
  readonly base: Place;
  /** The JSON Schema being walked, if inside one. */
  readonly schema: SchemaScope | undefined;
  /** References being inlined, to detect cycles. */
  readonly inlining: readonly string[];
}

/** A `{"$ref": "file.json…"}` object, which names its schema's root instead of being it. */
function isFileReference(value: unknown): boolean {
  const ref = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>).$ref : undefined;
  return typeof ref === "string" && !ref.startsWith("#");
}

/** A referenced schema inlined in a schema (or as one): where it landed and what it is. */
export interface InlinedSchema {
  /** Resolved pointer where the referenced schema landed, e.g. `/tools/0/inputSchema/properties/issue`. */
  readonly at: string;
  /** Resolved pointer of the emitted schema it is part of, e.g. `/tools/0/inputSchema`. */
  readonly schemaOut: string;
  /**
   * The referenced file, relative to the project folder (so the same wherever
   * `generate` runs: the model is fingerprinted), and the pointer inside it ("" for the whole file).
   */
  readonly file: string;
  readonly pointer: string;
}

export interface ResolvedManifest {
  readonly value: unknown;
  readonly sources: SourceMap;
  /** Every reference that could not be resolved (and the syntax errors of the files they name). */
  readonly problems: readonly Diagnostic[];
  /**
   * Resolved pointers where a reference failed and nothing was inlined. Later stages
   * still check the rest of the manifest, and leave out what these holes would cause
   * (a tool without its `inputSchema`), so every problem is reported in one round.
   */
  readonly unresolved: readonly string[];
  /** Every schema inlined from a reference in a schema (or as a whole one), in walk order. */
  readonly inlinedSchemas: readonly InlinedSchema[];
}

export function resolveRefs(root: JsonDocument, load: DocumentLoader, project: ProjectFolder): ResolvedManifest {
  const sources = new SourceMap();
  const diagnostics: Diagnostic[] = [];
  const unresolved: string[] = [];
  const inlinedSchemas: InlinedSchema[] = [];
  // A file referenced from several places has its syntax errors reported once.
  const reportedFiles = new Set<string>();
  const rootPlace = { document: root, pointer: "" };

  function problem(place: Place, message: string): undefined {
    diagnostics.push({ file: place.document.displayPath, pointer: place.pointer, ...place.document.positionOf(place.pointer), message });
    return undefined;
  }

  function walk(value: unknown, at: Place, out: string, frame: Frame): unknown {
    sources.record(out, at);
    let current = frame;
    if (current.schema === undefined && SCHEMA_POSITIONS.some((pattern) => pattern.test(out)) && !isFileReference(value)) {
      // A schema written inline in this file: its `#` is the schema itself. (A
      // `$ref` to a file here is not the schema: `reference` enters the file's.)
      current = { ...current, base: at, schema: { source: at, landsAt: "", schemaOut: out } };
    }
    if (Array.isArray(value)) {
      return value.map((item, index) => walk(item, { document: at.document, pointer: joinPointer(at.pointer, index) }, joinPointer(out, index), current));
    }
    if (value === null || typeof value !== "object") return value;
    const object = value as Record<string, unknown>;
    // Own `$ref` only: JSON objects here have no prototype, but be explicit about it.
    if (Object.hasOwn(object, "$ref") && typeof object.$ref === "string") return reference(object, object.$ref, at, out, current);
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) {
      setOwn(result, key, walk(child, { document: at.document, pointer: joinPointer(at.pointer, key) }, joinPointer(out, key), current));
    }
    return result;
  }

  function reference(object: Record<string, unknown>, ref: string, at: Place, out: string, frame: Frame): unknown {
    const inlined = inline(object, ref, at, out, frame);
    if (inlined === undefined) unresolved.push(out);
    return inlined;
  }

  /** The value a reference stands for, or undefined after reporting why there is none. */
  function inline(object: Record<string, unknown>, ref: string, at: Place, out: string, frame: Frame): unknown {
    const refPlace = { document: at.document, pointer: joinPointer(at.pointer, "$ref") };
    const hash = ref.indexOf("#");
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? "" : decodeURIComponent(ref.slice(hash + 1));
    if (fragment !== "" && !fragment.startsWith("/")) {
      // `#name` is a JSON Schema `$anchor` in the same schema: kept for ajv, which resolves (and checks) it.
      if (filePart === "" && frame.schema !== undefined) return { ...walkSiblings(object, at, out, frame), $ref: ref };
      return problem(refPlace, `"$ref": "${ref}" must use a JSON pointer fragment such as "#/$defs/Name"`);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(filePart) || path.isAbsolute(filePart)) {
      return problem(refPlace, `"$ref": "${ref}" must be a relative file path; remote and absolute references are not supported`);
    }

    let target: Place;
    if (filePart === "") {
      const base = frame.base;
      target = { document: base.document, pointer: base.pointer + fragment };
      const scope = frame.schema;
      if (scope !== undefined && scope.source.document === target.document && isWithinPointer(target.pointer, scope.source.pointer)) {
        if (getAtPointer(target.document.value, target.pointer) === undefined) return problem(refPlace, `"$ref": "${ref}" points to nothing`);
        // Stays a schema-local reference, rewritten relative to the emitted schema's root.
        const siblings = walkSiblings(object, at, out, frame);
        return { ...siblings, $ref: `#${scope.landsAt}${target.pointer.slice(scope.source.pointer.length)}` };
      }
    } else {
      const absolute = path.resolve(path.dirname(at.document.absolutePath), filePart);
      // Decided before `load`, so a file outside the project is never opened.
      const where = locateInside(project.absolutePath, absolute);
      if (where === "outside") {
        return problem(refPlace, `"$ref": "${ref}" leaves the project folder ${project.displayPath}; references must stay inside it`);
      }
      const loaded = where === "missing" ? undefined : load(absolute);
      if (loaded === undefined) return problem(refPlace, `cannot read "${filePart}" (resolved relative to ${at.document.displayPath})`);
      if (Array.isArray(loaded)) {
        const file = loaded[0]?.file ?? filePart;
        if (!reportedFiles.has(file)) diagnostics.push(...loaded);
        reportedFiles.add(file);
        return undefined;
      }
      target = { document: loaded, pointer: fragment };
    }

    const key = `${target.document.displayPath}#${target.pointer}`;
    if (frame.inlining.includes(key)) return problem(refPlace, `"$ref" cycle: ${[...frame.inlining, key].join(" → ")}`);
    const targetValue = getAtPointer(target.document.value, target.pointer);
    if (targetValue === undefined) return problem(refPlace, `"$ref": "${ref}" points to nothing`);

    const entersSchema = frame.schema === undefined && SCHEMA_POSITIONS.some((pattern) => pattern.test(out));
    const inSchema = frame.schema !== undefined || entersSchema;
    const hasSiblings = Object.keys(object).some((key) => key !== "$ref");
    // With siblings, a schema is wrapped as `{allOf: [inlined], ...siblings}`.
    const landsAt = hasSiblings && inSchema ? joinPointer(joinPointer(out, "allOf"), 0) : out;
    let schema = frame.schema;
    if (entersSchema) {
      schema = { source: target, landsAt: landsAt.slice(out.length), schemaOut: out };
    } else if (schema !== undefined && filePart !== "") {
      // Another file inside a schema: its own `#…` references are kept, relative to where it lands.
      schema = { source: target, landsAt: landsAt.slice(schema.schemaOut.length), schemaOut: schema.schemaOut };
    }
    if (schema !== undefined) {
      const file = path.relative(project.absolutePath, target.document.absolutePath).split(path.sep).join("/");
      inlinedSchemas.push({ at: landsAt, schemaOut: schema.schemaOut, file, pointer: target.pointer });
    }
    const next: Frame = {
      // In a referenced file `#` is that file, as in JSON Schema, whatever the fragment.
      base: filePart === "" ? frame.base : { document: target.document, pointer: "" },
      schema,
      inlining: [...frame.inlining, key],
    };
    const inlined = walk(targetValue, target, landsAt, next);
    // Siblings of the schema's own root belong to the schema written here.
    const siblingFrame: Frame = entersSchema ? { ...frame, base: at, schema: { source: at, landsAt: "", schemaOut: out } } : frame;
    const siblings = walkSiblings(object, at, out, siblingFrame);
    if (!hasSiblings) return inlined;
    if (inSchema) {
      // Repeat the referenced `type` beside allOf (same meaning): a tool's inputSchema
      // must say `type` at its root, and ajv's strictTypes wants it beside `minimum` & co.
      const type = inlined !== null && typeof inlined === "object" && !Array.isArray(inlined) ? (inlined as Record<string, unknown>).type : undefined;
      return type === undefined || Object.hasOwn(siblings, "type") ? { allOf: [inlined], ...siblings } : { type, allOf: [inlined], ...siblings };
    }
    return inlined !== null && typeof inlined === "object" && !Array.isArray(inlined) ? { ...inlined, ...siblings } : inlined;
  }

  function walkSiblings(object: Record<string, unknown>, at: Place, out: string, frame: Frame): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) {
      if (key === "$ref") continue;
      setOwn(result, key, walk(child, { document: at.document, pointer: joinPointer(at.pointer, key) }, joinPointer(out, key), frame));
    }
    return result;
  }

  const value = walk(root.value, rootPlace, "", { base: rootPlace, schema: undefined, inlining: [] });
  return { value, sources, problems: diagnostics, unresolved, inlinedSchemas };
}
