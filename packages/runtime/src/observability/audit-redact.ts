/**
 * Arguments are logged only when the application opts in, and then secret-looking
 * keys are censored at any depth. pino's path redaction matches fixed paths (its
 * wildcards span one level and skip arrays), so a `password` nested in a list would
 * slip through it; this walk catches it. Long strings are cut so one large upload
 * cannot turn into a multi-megabyte audit line.
 */
export const CENSOR = "[redacted]";

/** `apiKey`, `api_key`, `API-KEY` are one key. */
function normalise(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, "");
}

export function secretKeyRedactor(keys: readonly string[], maxStringLength: number): (value: unknown) => unknown {
  const secret = new Set(keys.map(normalise));
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return value.length > maxStringLength ? `${value.slice(0, maxStringLength)}…[${value.length} chars]` : value;
    if (typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) return value.map(walk);
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = secret.has(normalise(key)) ? CENSOR : walk(item);
    return copy;
  };
  return walk;
}

/** Application paths are relative to the arguments object: `card.number` → `arguments.card.number`. */
export function argumentPaths(paths: readonly string[]): string[] {
  return paths.map((path) => {
    if (typeof path !== "string" || path.length === 0) throw new TypeError("audit redaction paths must be non-empty strings");
    return path.startsWith("[") ? `arguments${path}` : `arguments.${path}`;
  });
}
