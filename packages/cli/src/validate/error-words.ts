/**
 * Turns ajv's errors about a manifest into sentences a person understands, and
 * drops the noise that `allErrors` produces for alternatives.
 */
import type { ErrorObject } from "ajv";

/** A user's schema may have an enum of a thousand values: name the first few. */
const LISTED = 20;

function quoteList(values: readonly unknown[]): string {
  const shown = values.slice(0, LISTED).map((value) => JSON.stringify(value));
  return values.length > LISTED ? `${shown.join(", ")}, … (${values.length} values)` : shown.join(", ");
}

export function describeManifestError(error: ErrorObject): string {
  // An error about an object's key (`propertyNames`) must say which key, or the
  // user is left to guess which of the object's keys is wrong.
  return error.propertyName === undefined ? describeKeyword(error) : `key "${error.propertyName}" ${describeKeyword(error)}`;
}

function describeKeyword(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return REQUIRED_WORDS[String(params.missingProperty)] ?? `missing required property "${String(params.missingProperty)}"`;
    case "additionalProperties":
      return `unknown property "${String(params.additionalProperty)}"`;
    case "type":
      return `must be ${String(params.type).replace(",", " or ")}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "enum":
      return `must be one of ${quoteList(params.allowedValues as unknown[])}`;
    case "pattern":
      return `${describePattern(String(params.pattern))}`;
    case "minLength":
      return Number(params.limit) === 1 ? "must not be empty" : `must be at least ${String(params.limit)} characters long`;
    case "minItems":
      return `must have at least ${String(params.limit)} item${Number(params.limit) === 1 ? "" : "s"}`;
    case "uniqueItems":
      return `must not repeat items (items ${String(params.j)} and ${String(params.i)} are equal)`;
    case "minProperties":
    case "maxProperties":
      return "must have exactly one of its properties";
    case "discriminator":
      // The tag is `type` (auth schemes, tenant sources) or `use` (middleware definitions).
      return params.error === "mapping"
        ? `unsupported ${String(params.tag)} ${JSON.stringify(params.tagValue)}`
        : `missing required property ${JSON.stringify(params.tag)}`;
    case "propertyNames":
      return `has an invalid key "${String(params.propertyName)}"`;
    case "oneOf":
      return describeOneOf(error);
    default:
      return error.message ?? "is invalid";
  }
}

/**
 * A `oneOf` of `required` lists in the manifest schema means "exactly one of these
 * properties"; ajv says only "must match exactly one schema in oneOf".
 */
const EXACTLY_ONE_OF: Readonly<Record<string, readonly string[]>> = {
  // By the place in the manifest: ajv gives a `$ref`'d definition's schemaPath as "#/oneOf".
  "/tenants": ["source", "sources"],
};

function describeOneOf(error: ErrorObject): string {
  const names = Object.hasOwn(EXACTLY_ONE_OF, error.instancePath) ? EXACTLY_ONE_OF[error.instancePath] : undefined;
  if (names === undefined) return error.message ?? "is invalid";
  const listed = names.map((name) => `"${name}"`).join(" or ");
  const passing = (error.params as { passingSchemas?: unknown }).passingSchemas;
  return Array.isArray(passing) ? `give ${listed}, not both` : `missing ${listed}`;
}

/** A branch's "missing required property" beside the `oneOf` that says "missing … or …". */
function explainedByOneOf(error: ErrorObject, errors: readonly ErrorObject[]): boolean {
  const names = Object.hasOwn(EXACTLY_ONE_OF, error.instancePath) ? EXACTLY_ONE_OF[error.instancePath] : undefined;
  if (names === undefined || error.keyword !== "required") return false;
  const missing = (error.params as { missingProperty?: unknown }).missingProperty;
  return names.includes(String(missing)) && errors.some((other) => other.keyword === "oneOf" && other.instancePath === error.instancePath);
}

/** Missing properties whose name alone does not say how to fix the manifest. */
const REQUIRED_WORDS: Readonly<Record<string, string>> = {
  audience:
    'missing required property "audience", the `aud` a token must carry to be accepted here (RFC 8707); "allowAnyAudience": true accepts tokens minted for any resource (unsafe)',
};

const PATTERN_WORDS: Readonly<Record<string, string>> = {
  "^[A-Za-z0-9_.-]{1,128}$": "must be 1–128 characters of letters, digits, _, - and . (MCP name rules)",
  "^[A-Z_][A-Z0-9_]*$": "must be an environment variable name such as MY_SECRET",
  "^[A-Za-z_][A-Za-z0-9_]{0,63}$": "must be a letter or _ followed by up to 63 letters, digits or _",
  "^(any|[0-9]+x[0-9]+)$": 'must be "any" or a size in pixels such as "48x48"',
  "^[A-Za-z][A-Za-z0-9_-]{0,63}$": "must be a letter followed by up to 63 letters, digits, _ or -",
};

function describePattern(pattern: string): string {
  return PATTERN_WORDS[pattern] ?? `must match the pattern ${pattern}`;
}

/**
 * Keeps the errors worth showing: the `propertyNames` wrapper and errors already
 * explained by a more precise one at the same place are dropped.
 */
export function selectErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const shown: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === "if" || (error.keyword === "propertyNames" && errors.some((other) => other.propertyName !== undefined))) continue;
    if (explainedByOneOf(error, errors)) continue;
    const key = `${error.instancePath}\u0000${describeManifestError(error)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    shown.push(error);
  }
  return shown;
}
