/**
 * Emits `server.gen.ts`, the entry point: it links the routing table to the
 * runtime and serves it with the options given on the command line.
 */
import type { ManifestModel } from "../model/types.js";
import type { PlannedFile } from "./contract.js";
import { generatedHeader } from "./header.js";
import { createSourceFile, printSourceFile } from "./ts-project.js";

export function emitServer(model: ManifestModel): PlannedFile[] {
  const file = createSourceFile();
  file.addImportDeclaration({ moduleSpecifier: "@turbomcp/runtime", namedImports: ["runMain"] });
  file.addImportDeclaration({ moduleSpecifier: "./routes.gen.js", namedImports: ["routes"] });
  file.addStatements(["// Usage: node server.gen.js [--transport stdio]", "await runMain(routes);"]);
  return [{ path: `${model.codegen.generatedDir}/server.gen.ts`, contents: printSourceFile(file, generatedHeader(model)), ownership: "generated" }];
}
