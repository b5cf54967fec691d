/** Every problem of a runtime config, found at start-up and reported together. */

/** One problem: where it comes from (file and JSON pointer, env var, override) and what is wrong. */
export interface RuntimeConfigProblem {
  /** The config file's path, an environment variable's name, or `overrides`. */
  readonly source: string;
  /** JSON pointer inside the file or the overrides; absent for environment variables. */
  readonly pointer?: string;
  readonly message: string;
}

export function formatProblem(problem: RuntimeConfigProblem): string {
  const where = problem.pointer === undefined || problem.pointer === "" ? problem.source : `${problem.source} at ${problem.pointer}`;
  return `${where}: ${problem.message}`;
}

/**
 * Thrown by `resolveRuntimeConfig` with every problem at once. The message never holds
 * a secret's value (tokens, keys, Redis passwords): only where it is and what is wrong.
 */
export class RuntimeConfigError extends Error {
  readonly problems: readonly RuntimeConfigProblem[];

  constructor(problems: readonly RuntimeConfigProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`invalid runtime configuration (${count}):\n${problems.map((problem) => `  - ${formatProblem(problem)}`).join("\n")}`);
    this.name = "RuntimeConfigError";
    this.problems = problems;
  }
}
