/**
 * Emits `types.gen.ts`: a TypeScript type for every tool input and output, prompt
 * argument set and URI-template variable set, made by json-schema-to-typescript
 * (see type-set.ts) and printed through ts-morph structures so the formatting is
 * ours and stable.
 */
import type { ManifestModel } from "../model/types.js";
import type { PlannedFile } from "./contract.js";
import { generatedHeader } from "./header.js";
import { createSourceFile, printSourceFile } from "./ts-project.js";
import { compileTypeSet } from "./type-set.js";

export async function emitTypes(model: ManifestModel): Promise<PlannedFile[]> {
  const set = await compileTypeSet(model);
  // Validation reports clashing type names (validate/type-names.ts).
  if (set.clashes.length > 0) throw new Error("types requested for a manifest whose type names clash");
  const file = createSourceFile();
  // One insertion: ts-morph re-parses the file on every insertion.
  file.addStatements([...set.statements]);
  return [
    {
      path: `${model.codegen.generatedDir}/types.gen.ts`,
      contents: printSourceFile(file, generatedHeader(model), { format: true }),
      ownership: "generated",
    },
  ];
}
