/**
 * Runs a Dockerfile's build steps as plain commands, for machines without a
 * container engine: each stage gets a folder, `COPY` copies from the build
 * context (minus `.dockerignore`'s entries) or an earlier stage's folder, `RUN`
 * runs in the stage's folder with the stage's `ENV`. `WORKDIR`, `USER`, `EXPOSE`
 * and the base image have no plain-command meaning and are only recorded. Handles
 * the instructions turbomcp's template uses; anything else throws.
 */
import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { exec } from "./exec.js";

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface FinalStage {
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  /** The JSON (exec) form of CMD and of HEALTHCHECK's CMD. */
  readonly cmd: readonly string[];
  readonly healthcheck: readonly string[];
  readonly user: string | undefined;
}

/** Instructions with continuation lines joined and comments dropped. */
export function instructions(dockerfile: string): Instruction[] {
  const joined = dockerfile.replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const space = line.search(/\s/);
      return { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
    });
}

function envPairs(args: string): [string, string][] {
  return [...args.matchAll(/(\w+)=(\S+)/g)].map((match) => [String(match[1]), String(match[2])]);
}

export async function runDockerfileSteps(dockerfile: string, context: string, stagesRoot: string): Promise<FinalStage> {
  const ignored = new Set(
    existsSync(path.join(context, ".dockerignore"))
      ? readFileSync(path.join(context, ".dockerignore"), "utf8")
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => line !== "" && !line.startsWith("#"))
      : [],
  );
  const isIgnored = (file: string): boolean => {
    const relative = path.relative(context, file).split(path.sep)[0] ?? "";
    return [...ignored].some((pattern) =>
      pattern.endsWith("*") ? relative.startsWith(pattern.slice(0, -1)) : pattern.startsWith("*") ? relative.endsWith(pattern.slice(1)) : relative === pattern,
    );
  };
  const stages = new Map<string, string>();
  let dir = "";
  let env: Record<string, string> = {};
  let cmd: string[] = [];
  let healthcheck: string[] = [];
  let user: string | undefined;
  let index = 0;
  for (const { keyword, args } of instructions(dockerfile)) {
    switch (keyword) {
      case "FROM": {
        const name = /\sAS\s+(\S+)$/i.exec(args)?.[1] ?? `stage-${index}`;
        dir = path.join(stagesRoot, name);
        mkdirSync(dir, { recursive: true });
        stages.set(name, dir);
        env = {};
        user = undefined;
        index++;
        break;
      }
      case "WORKDIR":
      case "EXPOSE":
        break;
      case "USER":
        user = args;
        break;
      case "ENV":
        for (const [key, value] of envPairs(args)) env[key] = value;
        break;
      case "COPY": {
        const words = args.split(/\s+/);
        const from = words.find((word) => word.startsWith("--from="))?.slice("--from=".length);
        const paths = words.filter((word) => !word.startsWith("--"));
        const target = paths.pop() ?? ".";
        const sourceRoot = from === undefined ? context : path.join(stages.get(from) ?? "", "");
        for (const source of paths) {
          // Absolute paths in an earlier stage are relative to its WORKDIR, which is the stage folder here.
          const absolute = path.join(sourceRoot, source.replace(/^\/app\/?/, ""));
          const destination = target === "./" || target === "." ? path.join(dir, path.basename(absolute)) : path.join(dir, target);
          if (source === ".") cpSync(context, dir, { recursive: true, filter: (file) => file === context || !isIgnored(file) });
          else cpSync(absolute, destination, { recursive: true });
        }
        break;
      }
      case "RUN":
        await exec("sh", ["-c", args], { cwd: dir, timeoutMs: 300_000, env: { ...process.env, ...env } });
        break;
      case "HEALTHCHECK":
        healthcheck = JSON.parse(args.slice(args.indexOf("CMD") + 3).trim()) as string[];
        break;
      case "CMD":
        cmd = JSON.parse(args) as string[];
        break;
      default:
        throw new Error(`no plain-command meaning for ${keyword}`);
    }
  }
  return { dir, env, cmd, healthcheck, user };
}
