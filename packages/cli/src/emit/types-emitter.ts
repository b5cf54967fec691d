/**
 * Emits `types.gen.ts`: a TypeScript type for every tool input and output, prompt
 * argument set and URI-template variable set, made by json-schema-to-typescript
 * and printed through ts-morph structures so the formatting is ours and stable.
 */
import { compile } from "json-schema-to-typescript";
import type { StatementStructures } from "ts-morph";
import { UserError } from "../diagnostics.js";
import { pascalCase } from "../model/names.js";
import type { ManifestModel } from "../model/types.js";
import type { PlannedFile } from "./contract.js";
import { generatedHeader } from "./header.js";
import { type SchemaUnit, schemaUnits } from "./schema-units.js";
import { createSourceFile, parseSourceText, printSourceFile } from "./ts-project.js";

async function compileType(request: SchemaUnit): Promise<StatementStructures[]> {
  // The root is named by us; a root `title` would rename it.
  const { title: _title, $id: _id, ...root } = request.schema as Record<string, unknown>;
  const text = await compile(root, request.typeName, {
    bannerComment: "",
    format: false,
    unknownAny: true,
    strictIndexSignatures: true,
    additionalProperties: true,
    declareExternallyReferenced: true,
    // minItems/maxItems would become unions of tuples, awkward in handlers; the validators enforce them.
    ignoreMinAndMaxItems: true,
    // Nested named types get the root's name as prefix so two tools cannot clash.
    customName: (schema, definitionKey) => {
      // json-schema-to-typescript gives `$defs` entries an `$id` of their key, and the root one of its name.
      const local = [schema.title, definitionKey, schema.$id].find((candidate) => typeof candidate === "string");
      return local === undefined || local === request.typeName ? undefined : `${request.typeName}${pascalCase(local)}`;
    },
  });
  const parsed = parseSourceText(text);
  const structures = parsed.getStructure().statements;
  const statements = Array.isArray(structures) ? (structures as StatementStructures[]) : [];
  if (!statements.some((statement) => "name" in statement && statement.name === request.typeName)) {
    throw new Error(`json-schema-to-typescript did not emit ${request.typeName}; the generated imports would break`);
  }
  return statements;
}

export async function emitTypes(model: ManifestModel): Promise<PlannedFile[]> {
  const requests = schemaUnits(model);
  const compiled = await Promise.all(requests.map(compileType));
  const file = createSourceFile();
  const owners = new Map<string, string>();
  const clashes: string[] = [];
  const unique: StatementStructures[] = [];
  compiled.forEach((statements, index) => {
    const request = requests[index];
    if (request === undefined) return;
    for (const statement of statements) {
      const name = "name" in statement && typeof statement.name === "string" ? statement.name : undefined;
      if (name === undefined) continue;
      const owner = owners.get(name);
      if (owner !== undefined && owner !== request.pointer) clashes.push(`type ${name} would be generated for both ${owner} and ${request.pointer}`);
      if (owner === undefined) {
        owners.set(name, request.pointer);
        unique.push(statement);
      }
    }
  });
  // One insertion: ts-morph re-parses the file on every insertion.
  file.addStatements(unique);
  if (clashes.length > 0) {
    throw new UserError(clashes.map((message) => ({ file: model.manifestPath, pointer: "", message: `${message}; rename a title or a $defs entry` })));
  }
  return [
    {
      path: `${model.codegen.generatedDir}/types.gen.ts`,
      contents: printSourceFile(file, generatedHeader(model), { format: true }),
      ownership: "generated",
    },
  ];
}
