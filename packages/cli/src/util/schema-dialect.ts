/**
 * The JSON Schema drafts a user's schema may be written in: 2020-12, the default,
 * and draft-07 where the schema's root `$schema` says so (many existing MCP tools'
 * schemas are draft-07). Each is compiled by ajv's class for that draft
 * (util/ajv-factory.ts), whose meta-schema and keywords are that draft's.
 */
export type SchemaDialect = "2020-12" | "draft-07";

export const DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
export const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

/** `$schema` values naming each dialect, with and without the empty fragment. */
const DIALECTS: ReadonlyMap<unknown, SchemaDialect> = new Map<unknown, SchemaDialect>([
  [DRAFT_2020_12, "2020-12"],
  [`${DRAFT_2020_12}#`, "2020-12"],
  [DRAFT_07, "draft-07"],
  [DRAFT_07.slice(0, -1), "draft-07"],
]);

/** The dialect `schema` declares at its root: 2020-12 when it declares none, undefined for a `$schema` the generator cannot compile. */
export function schemaDialect(schema: unknown): SchemaDialect | undefined {
  if (schema === null || typeof schema !== "object" || !Object.hasOwn(schema, "$schema")) return "2020-12";
  return DIALECTS.get((schema as { $schema?: unknown }).$schema);
}
