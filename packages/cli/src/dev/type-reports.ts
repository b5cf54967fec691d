/**
 * Type errors for `turbomcp dev`. A reload runs the code as tsx compiles it, without a
 * type check (that keeps it fast); after each one the project is type-checked in a
 * separate process, as `turbomcp check` does, and the errors are printed when they
 * differ from the last ones printed, so the terminal tells you what CI will.
 */
import path from "node:path";
import { type TypeProblem, typecheckProjectInBackground } from "../check/typecheck.js";
import type { ManifestModel } from "../model/types.js";

export interface TypeReports {
  /** Type-checks the project as it is now (one check at a time; the latest request wins). */
  check(model: ManifestModel): void;
  /** Resolves once no check is running or waiting. */
  idle(): Promise<void>;
}

/** Shown at most; the rest are counted. */
const SHOWN = 20;

export function createTypeReports(cwd: string, print: (line: string) => void): TypeReports {
  let running: Promise<void> | undefined;
  let waiting: ManifestModel | undefined;
  /** What was printed last, so the same errors are not printed after every reload. */
  let last = "";

  const describe = (model: ManifestModel, problems: readonly TypeProblem[]): string => {
    if (problems.length === 0) return "types: no errors";
    const lines = problems.slice(0, SHOWN).map((problem) => {
      const file = path.relative(cwd, path.resolve(model.baseDir, problem.file)).split(path.sep).join("/");
      return `  ${file}:${problem.line}:${problem.column} ${problem.message}`;
    });
    const more = problems.length > SHOWN ? [`  … and ${problems.length - SHOWN} more (npm run typecheck lists them)`] : [];
    const count = `${problems.length} type error${problems.length === 1 ? "" : "s"}`;
    return [`types: ${count} (the server runs the code as it is; \`turbomcp check\` fails on them):`, ...lines, ...more].join("\n");
  };

  async function run(model: ManifestModel): Promise<void> {
    let report: string;
    try {
      const problems = await typecheckProjectInBackground(model);
      report = problems === undefined ? "types are not checked: TypeScript's native compiler is not available on this machine" : describe(model, problems);
    } catch (error) {
      report = `types could not be checked: ${error instanceof Error ? error.message : String(error)}`;
    }
    // The first clean report is news only after errors; a clean start stays quiet.
    if (report !== last && !(last === "" && report === "types: no errors")) print(report);
    last = report;
  }

  function drain(): void {
    running ??= (async () => {
      while (waiting !== undefined) {
        const model = waiting;
        waiting = undefined;
        await run(model);
      }
    })().finally(() => {
      running = undefined;
      if (waiting !== undefined) drain();
    });
  }

  return {
    check(model) {
      waiting = model;
      drain();
    },
    async idle() {
      while (running !== undefined) await running;
    },
  };
}
