/**
 * The operations of a description, in document order (paths as written, methods in
 * the order below), and the `--tag`, `--path` and `--method` filters.
 */
import type { UpstreamMethod } from "@turbomcp/runtime";
import { type JsonRecord, asArray, asRecord } from "./json-value.js";

const METHODS: readonly UpstreamMethod[] = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];

export interface Operation {
  readonly method: UpstreamMethod;
  readonly path: string;
  readonly operation: JsonRecord;
  /** Path-level parameters, which the operation's own override by name and location. */
  readonly pathParameters: readonly unknown[];
  readonly tags: readonly string[];
}

export interface OperationFilters {
  /** Keep operations with any of these tags (case-sensitive, as the description writes them). */
  readonly tags: readonly string[];
  /** Keep operations whose path matches any of these globs: `*` within a segment, `**` across segments. */
  readonly paths: readonly string[];
  /** Keep operations with any of these methods (any case). */
  readonly methods: readonly string[];
}

export function listOperations(document: JsonRecord): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(asRecord(document.paths) ?? {})) {
    const pathItem = asRecord(item);
    if (pathItem === undefined) continue;
    for (const method of METHODS) {
      const operation = asRecord(pathItem[method.toLowerCase()]);
      if (operation === undefined) continue;
      const tags = asArray(operation.tags).flatMap((tag) => (typeof tag === "string" ? [tag] : []));
      found.push({ method, path, operation, pathParameters: asArray(pathItem.parameters), tags });
    }
  }
  return found;
}

/** A path glob as a regular expression over the whole path. */
export function globPattern(glob: string): RegExp {
  let source = "";
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob.charAt(index);
    if (char === "*" && glob.charAt(index + 1) === "*") {
      source += ".*";
      index += 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

export function filterOperations(operations: readonly Operation[], filters: OperationFilters): Operation[] {
  const globs = filters.paths.map(globPattern);
  const methods = new Set(filters.methods.map((method) => method.toUpperCase()));
  return operations.filter(
    (candidate) =>
      (filters.tags.length === 0 || candidate.tags.some((tag) => filters.tags.includes(tag))) &&
      (globs.length === 0 || globs.some((glob) => glob.test(candidate.path))) &&
      (methods.size === 0 || methods.has(candidate.method)),
  );
}

/** Unknown `--method` values, so a typo is an error rather than an empty import. */
export function unknownMethods(methods: readonly string[]): string[] {
  return methods.filter((method) => !(METHODS as readonly string[]).includes(method.toUpperCase()));
}
