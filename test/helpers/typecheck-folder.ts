/**
 * One TypeScript program over every `.ts` file under a folder (its tsconfig.json,
 * as scratchProject writes it): many generated projects type-check in one run
 * instead of one program each, which costs seconds apiece. Only the folder's own
 * files are checked (what they import is read, not checked), and validator files
 * are read as their declarations, as `check`'s JavaScript engine does (packages/cli/src/check/typecheck-program.ts).
 */
import path from "node:path";
import ts from "typescript";
import { validatorDeclarations } from "../../packages/cli/src/check/typecheck-program.js";

const VALIDATOR_FILES = /(^|[\\/])(template-)?validators\.gen\.ts$/;

/** Every problem as `file:line:col message`, file relative to `dir`; empty when the folder type-checks. */
export function typecheckFolder(dir: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(dir, "tsconfig.json"),
    { noEmit: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${dir}/tsconfig.json`);
  const host = ts.createCompilerHost(parsed.options);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!VALIDATOR_FILES.test(fileName)) return readSourceFile(fileName, languageVersion, onError, shouldCreate);
    const text = host.readFile(fileName);
    return text === undefined ? undefined : ts.createSourceFile(fileName, validatorDeclarations(text), languageVersion, true);
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  const inside = program.getSourceFiles().filter((source) => !path.relative(dir, source.fileName).startsWith(".."));
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...inside.flatMap((source) => [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]),
  ];
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (diagnostic.file === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    return `${path.relative(dir, diagnostic.file.fileName)}:${line + 1}:${character + 1} ${message}`;
  });
}
