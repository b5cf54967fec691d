/**
 * Checks one layer of runtime config (the file, the environment, the overrides)
 * against `schemas/runtime-config.schema.json`, so each problem names its own source.
 */
import type { ErrorObject } from "ajv";
import type { RuntimeConfigProblem } from "./runtime-config-error.js";
// Compiled ahead of time (`npm run schema:validators`): loading ajv's compiler and
// compiling the schema took about 150 ms of every start.
import { validateRuntimeConfig } from "./runtime-config-validator.gen.js";

/** Patterns read badly as regular expressions; these say what they mean. */
const PATTERN_MESSAGES: Readonly<Record<string, string>> = {
  "/path": 'must start with "/" and carry no query or fragment',
  "/redisUrl": "must be a redis:// or rediss:// URL",
  "/metrics/bearerToken": "must be a non-empty token without whitespace",
};

/** A plain message for one ajv error, with the pointer it applies to; values are never quoted (they may be secrets). */
function describe(error: ErrorObject): { pointer: string; message: string } | undefined {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return { pointer: `${error.instancePath}/${String(params.additionalProperty)}`, message: "unknown key" };
    case "enum":
      return { pointer: error.instancePath, message: `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ")}` };
    case "pattern":
      return { pointer: error.instancePath, message: PATTERN_MESSAGES[error.instancePath] ?? error.message ?? "fails its pattern" };
    case "oneOf":
      // The branches' own errors say what each alternative wanted.
      return undefined;
    default:
      return { pointer: error.instancePath, message: error.message ?? `fails ${error.keyword}` };
  }
}

/** The problems of one layer, each told to `locate` (which turns a pointer into a source). */
export function checkLayer(value: unknown, locate: (pointer: string) => Omit<RuntimeConfigProblem, "message">): RuntimeConfigProblem[] {
  const validate = validateRuntimeConfig;
  if (validate(value)) return [];
  const problems: RuntimeConfigProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const described = describe(error);
    if (described === undefined) continue;
    const problem = { ...locate(described.pointer), message: described.message };
    const key = `${problem.source}|${problem.pointer ?? ""}|${problem.message}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  // trustProxy's oneOf: "must be boolean" and "must be integer" read better as one line.
  return mergeAlternatives(problems);
}

function mergeAlternatives(problems: RuntimeConfigProblem[]): RuntimeConfigProblem[] {
  const merged: RuntimeConfigProblem[] = [];
  for (const problem of problems) {
    const previous = merged.at(-1);
    if (
      previous !== undefined &&
      previous.source === problem.source &&
      previous.pointer === problem.pointer &&
      previous.message.startsWith("must be ") &&
      problem.message.startsWith("must be ")
    ) {
      merged[merged.length - 1] = { ...previous, message: `${previous.message} or ${problem.message.slice("must be ".length)}` };
    } else {
      merged.push(problem);
    }
  }
  return merged;
}
