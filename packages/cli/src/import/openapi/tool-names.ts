/**
 * Tool names for operations: the `operationId` made to fit the manifest's name rule
 * (1–128 of A–Z a–z 0–9 _ - .), or `method_path` without one; then made unique, in
 * document order, so that no two tools share a name or anything derived from it (the
 * handler file, function and type names: `get_user` and `getUser` would).
 */
import { entryNames } from "../../model/normalise.js";
import type { Operation } from "./operations.js";
import { asString } from "./json-value.js";

const MAX_NAME = 128;

export function sanitiseName(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9_.-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[_.-]+|[_.-]+$/g, "");
  return cleaned.slice(0, MAX_NAME) || "operation";
}

/** `GET /pets/{petId}/photos` → `get_pets_petId_photos`. */
export function fallbackName(operation: Pick<Operation, "method" | "path">): string {
  return sanitiseName(`${operation.method.toLowerCase()}_${operation.path.replace(/[{}]/g, "")}`);
}

export function baseName(operation: Operation): string {
  const id = asString(operation.operation.operationId);
  return id !== undefined && sanitiseName(id) !== "operation" ? sanitiseName(id) : fallbackName(operation);
}

/** Everything that must be unique per tool: the name and what `generate` derives from it. */
function keys(name: string): string[] {
  const names = entryNames("tool", name);
  return [`name:${name}`, `file:${names.handlerModule.toLowerCase()}`, `id:${names.identifier}`, `type:${names.typeBase}`];
}

/** Unique names for `wanted`, in order: a clash gets `_2`, `_3`… (the first keeps its name); `taken` are names already in use. */
export function uniqueNames(wanted: readonly string[], taken: Iterable<string> = []): string[] {
  const used = new Set<string>([...taken].flatMap(keys));
  return wanted.map((name) => {
    let candidate = name;
    for (let suffix = 2; keys(candidate).some((key) => used.has(key)); suffix += 1) {
      const tail = `_${suffix}`;
      candidate = `${name.slice(0, MAX_NAME - tail.length)}${tail}`;
    }
    for (const key of keys(candidate)) used.add(key);
    return candidate;
  });
}
