/**
 * Emits `types.gen.ts`: a TypeScript type for every tool input and output, prompt
 * argument set and URI-template variable set, made by json-schema-to-typescript
 * and printed through ts-morph structures so the formatting is ours and stable.
 */
import { compile } from "json-schema-to-typescript";
import type { JsonSchema } from "turbomcp/runtime";
import type { StatementStructures } from "ts-morph";
import { UserError } from "../diagnostics.js";
import { promptArgumentsSchema, templateVariablesSchema } from "../model/derived-schemas.js";
import { pascalCase } from "../model/names.js";
import type { ManifestModel } from "../model/types.js";
import type { PlannedFile } from "./contract.js";
import { generatedHeader } from "./header.js";
import { typeNames } from "./type-names.js";
import { createSourceFile, parseSourceText, printSourceFile } from "./ts-project.js";

interface TypeRequest {
  readonly name: string;
  readonly schema: JsonSchema;
  /** Manifest pointer, for the error when two types would share a name. */
  readonly pointer: string;
}

function typeRequests(model: ManifestModel): TypeRequest[] {
  const requests: TypeRequest[] = [];
  for (const tool of model.tools) {
    const names = typeNames.tool(tool);
    requests.push({ name: names.input, schema: tool.inputSchema, pointer: `${tool.pointer}/inputSchema` });
    if (tool.outputSchema !== undefined) requests.push({ name: names.output, schema: tool.outputSchema, pointer: `${tool.pointer}/outputSchema` });
  }
  for (const template of model.resourceTemplates) {
    requests.push({ name: typeNames.templateVariables(template), schema: templateVariablesSchema(template), pointer: template.pointer });
  }
  for (const prompt of model.prompts) {
    requests.push({ name: typeNames.promptArguments(prompt), schema: promptArgumentsSchema(prompt), pointer: prompt.pointer });
  }
  return requests;
}

async function compileType(request: TypeRequest): Promise<StatementStructures[]> {
  // The root is named by us; a root `title` would rename it.
  const { title: _title, $id: _id, ...root } = request.schema as Record<string, unknown>;
  const text = await compile(root, request.name, {
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
      return local === undefined || local === request.name ? undefined : `${request.name}${pascalCase(local)}`;
    },
  });
  const parsed = parseSourceText(text);
  const structures = parsed.getStructure().statements;
  const statements = Array.isArray(structures) ? (structures as StatementStructures[]) : [];
  if (!statements.some((statement) => "name" in statement && statement.name === request.name)) {
    throw new Error(`json-schema-to-typescript did not emit ${request.name}; the generated imports would break`);
  }
  return statements;
}

export async function emitTypes(model: ManifestModel): Promise<PlannedFile> {
  const requests = typeRequests(model);
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
  return { path: `${model.codegen.generatedDir}/types.gen.ts`, contents: printSourceFile(file, generatedHeader(model), { format: true }), ownership: "generated" };
}
