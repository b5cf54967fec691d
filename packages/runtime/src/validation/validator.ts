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
 * Turns validator issues into one readable sentence for an `isError` tool result,
 * e.g. `/a must be number; must have required property 'b'`.
 */
export function describeIssues(issues: readonly ValidationIssue[] | null | undefined): string {
  if (!issues || issues.length === 0) return "invalid value";
  return issues.map((issue) => (issue.instancePath ? `${issue.instancePath} ${issue.message ?? "is invalid"}` : (issue.message ?? "is invalid"))).join("; ");
}
