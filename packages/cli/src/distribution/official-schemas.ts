/**
 * The published schemas exported files must satisfy, vendored under
 * `schemas/vendor/` (their sources and versions are in the README beside each):
 * the MCP registry's `server.json` schema (draft-07) and the Server Card schema of
 * the experimental server-card extension (2020-12). Compiled once, on first use.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule, { type FormatsPlugin } from "ajv-formats";
import { packagePath } from "../util/package-root.js";

// ajv-formats is CommonJS: depending on the loader its default import is the plugin or the module object.
const formatsModule: unknown = addFormatsModule;
const addFormats = ((formatsModule as { default?: unknown }).default ?? formatsModule) as FormatsPlugin;

/** A schema violation: where in the exported document, and what. */
export interface SchemaProblem {
  readonly instancePath: string;
  readonly message: string;
}

export type OfficialSchema = "registry" | "serverCard";

/** `$schema` values the exported documents declare, as their schemas' documentation gives them. */
export const REGISTRY_SCHEMA_URL = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";
export const SERVER_CARD_SCHEMA_URL = "https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json";

const validators = new Map<OfficialSchema, ValidateFunction>();

function readSchema(relative: string): object {
  return JSON.parse(readFileSync(packagePath(relative), "utf8")) as object;
}

/** Not strict: the vendored files carry OpenAPI's `example` and other annotations ajv does not know, and are used as published. */
function compile(which: OfficialSchema): ValidateFunction {
  if (which === "registry") {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv.compile(readSchema("schemas/vendor/mcp-registry/server.schema.json"));
  }
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  // The card schema is a set of $defs with no root: the document is a ServerCard.
  ajv.addSchema(readSchema("schemas/vendor/mcp-server-card/server-card.schema.json"), "server-card");
  return ajv.compile({ $ref: "server-card#/$defs/ServerCard" });
}

function describe(error: ErrorObject): string {
  const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
  return `${error.message ?? "is invalid"}${Array.isArray(allowed) ? `: ${allowed.map((value) => JSON.stringify(value)).join(", ")}` : ""}`;
}

/** Every violation of `which`'s schema in `document`; none when it is valid. */
export function officialSchemaProblems(which: OfficialSchema, document: unknown): readonly SchemaProblem[] {
  let validate = validators.get(which);
  if (validate === undefined) {
    validate = compile(which);
    validators.set(which, validate);
  }
  if (validate(document)) return [];
  // anyOf/oneOf branches repeat one mistake several ways; keep each place and message once.
  const unique = new Map((validate.errors ?? []).map((error) => [`${error.instancePath} ${describe(error)}`, error]));
  return [...unique.values()].map((error) => ({ instancePath: error.instancePath, message: describe(error) }));
}
