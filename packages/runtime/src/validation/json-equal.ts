/**
 * Deep equality of JSON values for generated validators (`const`, `enum`,
 * `uniqueItems`). ajv's own helper (fast-deep-equal) calls `a.toString()` and
 * `a.valueOf()` when an object has them, so a client's argument with an own
 * property named `toString` or `valueOf` made the validator throw instead of
 * answering. Here only own enumerable properties count, whatever their names.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  return keys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]));
}
