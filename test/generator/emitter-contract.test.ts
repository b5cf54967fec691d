/**
 * The emitter contract (emit/contract.ts) and its registry: the documented example
 * emitter compiles, and the registry's emitters can be told apart.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { EMITTERS } from "../../packages/cli/src/emit/registry.js";
import { repoRoot } from "../helpers/scratch.js";

const contractFile = path.join(repoRoot, "packages/cli/src/emit/contract.ts");

/** The code of the ```ts block in the contract's `@example`, without the comment's ` * `. */
function exampleCode(): string {
  const match = /@example\n \* ```ts\n([\s\S]*?) \* ```/.exec(readFileSync(contractFile, "utf8"));
  if (match?.[1] === undefined) throw new Error("emit/contract.ts has no @example ```ts block");
  return match[1].replace(/^ \*( |$)/gm, "");
}

/** Type errors of `code` compiled as a module next to contract.ts, with the repository's compiler options. */
function typeErrors(code: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(repoRoot, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (config === undefined) throw new Error("cannot read tsconfig.json");
  const file = path.join(path.dirname(contractFile), "contract-example.ts");
  const host = ts.createCompilerHost(config.options);
  const onDisk = { getSourceFile: host.getSourceFile.bind(host), fileExists: host.fileExists.bind(host), readFile: host.readFile.bind(host) };
  host.fileExists = (name) => name === file || onDisk.fileExists(name);
  host.readFile = (name) => (name === file ? code : onDisk.readFile(name));
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, code, language) : onDisk.getSourceFile(name, language, ...rest));
  const program = ts.createProgram([file], config.options, host);
  const source = program.getSourceFile(file);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((diagnostic) =>
    ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
  );
}

describe("the emitter contract", () => {
  it("has an @example that compiles", () => {
    const code = exampleCode();
    expect(code).toContain(": Emitter = {");
    expect(typeErrors(code)).toEqual([]);
  }, 60_000);

  it("rejects an example that breaks it (the compile check above can fail)", () => {
    expect(typeErrors(exampleCode().replace('ownership: "generated",\n  paths', 'ownership: "mine",\n  paths'))).not.toEqual([]);
  }, 60_000);

  it("names every registered emitter once", () => {
    const names = EMITTERS.map((emitter) => emitter.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
