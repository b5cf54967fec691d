/**
 * The shape of the validators the generator precompiles with ajv's standalone mode.
 * No schema is compiled when a server starts: the functions are plain code.
 */

/** One validation failure, as ajv reports it. */
export interface ValidationIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A precompiled validator: returns whether `data` is valid and leaves the issues on `errors`. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: readonly ValidationIssue[] | null;
}

/**
 * ajv's words, where they leave out what the reader must fix: which property is not
 * allowed (ajv says only "must NOT have additional properties"), and which values are.
 */
function wordsFor(issue: ValidationIssue): string {
  const { keyword, params } = issue;
  if ((keyword === "additionalProperties" || keyword === "unevaluatedProperties") && typeof params.additionalProperty === "string") {
    return `must not have the property ${JSON.stringify(params.additionalProperty)}`;
  }
  if (keyword === "unevaluatedProperties" && typeof params.unevaluatedProperty === "string") {
    return `must not have the property ${JSON.stringify(params.unevaluatedProperty)}`;
  }
  if (keyword === "enum" && Array.isArray(params.allowedValues))
    return `must be one of ${params.allowedValues.map((value) => JSON.stringify(value)).join(", ")}`;
  return issue.message ?? "is invalid";
}

/**
 * Turns validator issues into one readable sentence for an `isError` tool result,
 * e.g. `/a must be number; must have required property 'b'; must not have the property "c"`.
 */
export function describeIssues(issues: readonly ValidationIssue[] | null | undefined): string {
  if (!issues || issues.length === 0) return "invalid value";
  return issues.map((issue) => (issue.instancePath ? `${issue.instancePath} ${wordsFor(issue)}` : wordsFor(issue))).join("; ");
}
