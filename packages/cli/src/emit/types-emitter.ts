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
import { joinPointer } from "../util/json-pointer.js";
import type { PlannedFile } from "./contract.js";
import { generatedHeader } from "./header.js";
import { type SchemaUnit, schemaUnits } from "./schema-units.js";
import { createSourceFile, parseSourceText, printSourceFile } from "./ts-project.js";

/**
 * `$ref`s to an `$anchor` (`"#address"`) rewritten as JSON-pointer references
 * (`"#/$defs/address"`): json-schema-to-typescript follows only pointers and
 * throws on anchors, which ajv and so the validators accept. An anchor declared
 * twice is left alone. Without anchors the schema is returned as it is.
 */
function anchorRefsAsPointers(schema: Record<string, unknown>): Record<string, unknown> {
  const anchors = new Map<string, string>();
  const repeated = new Set<string>();
  const collect = (value: unknown, pointer: string): void => {
    if (value === null || typeof value !== "object") return;
    const anchor = Array.isArray(value) ? undefined : (value as Record<string, unknown>).$anchor;
    if (typeof anchor === "string") {
      if (anchors.has(anchor)) repeated.add(anchor);
      anchors.set(anchor, pointer);
    }
    for (const [key, child] of Object.entries(value)) collect(child, joinPointer(pointer, key));
  };
  collect(schema, "");
  if (anchors.size === 0) return schema;
  const target = (ref: string): string | undefined => {
    const name = ref.slice(1);
    const pointer = ref.startsWith("#") && !repeated.has(name) ? anchors.get(name) : undefined;
    return pointer === undefined ? undefined : `#${pointer.split("/").map(encodeURIComponent).join("/")}`;
  };
  const rewrite = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(rewrite);
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, key === "$ref" && typeof child === "string" ? (target(child) ?? child) : rewrite(child)]),
    );
  };
  return rewrite(schema) as Record<string, unknown>;
}

async function compileType(request: SchemaUnit): Promise<StatementStructures[]> {
  // The root is named by us; a root `title` would rename it.
  const { title: _title, $id: _id, ...root } = request.schema as Record<string, unknown>;
  const text = await compile(anchorRefsAsPointers(root), request.typeName, {
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
