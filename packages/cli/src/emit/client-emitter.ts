/**
 * Emits `client.gen.ts`: a client typed for the server's own entries, on the
 * official MCP SDK client (a devDependency: a production install never loads this
 * file), that connects over Streamable HTTP, to a spawned stdio process, or in
 * process with no network (`connectInProcess`, for unit tests).
 */
import type { ManifestModel } from "../model/types.js";
import { KIT_HEAD, KIT_TAIL, SDK_IMPORTS } from "./client/client-kit.js";
import { clientMembers, clientTypeImports } from "./client/client-members.js";
import type { PlannedFile } from "./contract.js";
import { generatedHeader } from "./header.js";
import { createSourceFile, printSourceFile } from "./ts-project.js";

export function emitClient(model: ManifestModel): PlannedFile[] {
  // `codegen.client: false`: no client (the registry declares no path for it either).
  if (!model.codegen.client) return [];
  const file = createSourceFile();
  const types = clientTypeImports(model);
  file.addImportDeclarations([
    ...SDK_IMPORTS.map((declaration) => ({ moduleSpecifier: declaration.moduleSpecifier, namedImports: [...declaration.namedImports] })),
    ...(types.length > 0 ? [{ isTypeOnly: true, moduleSpecifier: "./types.gen.js", namedImports: types }] : []),
  ]);
  // One insertion: ts-morph re-parses the file on every insertion.
  file.addStatements([KIT_HEAD, ...clientMembers(model), KIT_TAIL]);
  return [{ path: `${model.codegen.generatedDir}/client.gen.ts`, contents: printSourceFile(file, generatedHeader(model)), ownership: "generated" }];
}
