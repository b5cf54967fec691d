/**
 * One operation → one manifest tool: its description, an inputSchema merging the
 * path, query, header and cookie parameters and the request body, an outputSchema
 * from the 2xx JSON answer when that is an object, hints from the method, and the
 * `upstream` record the generated handler calls.
 *
 * Input property names: a parameter keeps its name unless an earlier one took it
 * (path first, then query, header, cookie, each in the description's order); then it
 * becomes `<in>_<name>` (`query_id`), numbered if that is taken too. The body is
 * `body` (or `requestBody`, `body_2`…). Every rename is reported and the wire name
 * is kept in `upstream.parameters`, so the call is unchanged.
 */
import type { JsonSchema, ToolAnnotations, UpstreamParameterLocation } from "@turbomcp/runtime";
import type { ToolUpstreamInput } from "../../model/manifest-input.js";
import type { SchemaConverter } from "./json-schema.js";
import { type JsonRecord, asArray, asRecord, asString } from "./json-value.js";
import type { Operation } from "./operations.js";

export interface ImportedTool {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  readonly inputSchema: JsonSchema;
  readonly outputSchema?: JsonSchema;
  readonly annotations: ToolAnnotations;
  readonly upstream: ToolUpstreamInput;
}

export interface ToolBuild {
  readonly tool: ImportedTool;
  /** `query parameter "id" is input property "query_id"` and the like. */
  readonly renames: readonly string[];
}

const LOCATIONS: readonly UpstreamParameterLocation[] = ["path", "query", "header", "cookie"];

/** Headers OpenAPI says a parameter must not set: the request's own negotiation and auth do. */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

interface Parameter {
  readonly in: UpstreamParameterLocation;
  readonly name: string;
  readonly required: boolean;
  readonly description?: string;
  readonly schema: unknown;
}

/** Swagger 2.0 parameters carry their schema keywords themselves. */
function swaggerParameterSchema(parameter: JsonRecord): JsonRecord {
  const { name: _name, in: _in, required: _required, description: _description, collectionFormat: _format, allowEmptyValue: _empty, ...schema } = parameter;
  return schema;
}

/** Path-level parameters overridden by the operation's own with the same name and location. */
function effectiveParameters(operation: Operation): JsonRecord[] {
  const byKey = new Map<string, JsonRecord>();
  for (const item of [...operation.pathParameters, ...asArray(operation.operation.parameters)]) {
    const parameter = asRecord(item);
    const name = asString(parameter?.name);
    if (parameter === undefined || name === undefined) continue;
    byKey.set(`${String(parameter.in)}:${name}`, parameter);
  }
  return [...byKey.values()];
}

function wireParameters(parameters: readonly JsonRecord[], swagger: boolean): Parameter[] {
  const found: Parameter[] = [];
  for (const parameter of parameters) {
    const where = asString(parameter.in) as UpstreamParameterLocation | undefined;
    const name = asString(parameter.name);
    if (where === undefined || name === undefined || !LOCATIONS.includes(where)) continue;
    if (where === "header" && IGNORED_HEADERS.has(name.toLowerCase())) continue;
    const description = asString(parameter.description);
    found.push({
      in: where,
      name,
      required: where === "path" || parameter.required === true,
      schema: swagger ? swaggerParameterSchema(parameter) : (parameter.schema ?? firstMediaSchema(parameter.content)),
      ...(description === undefined ? {} : { description }),
    });
  }
  return LOCATIONS.flatMap((location) => found.filter((parameter) => parameter.in === location));
}

/**
 * Path parameters as the path needs them: one declared but absent from the path is
 * dropped (it could not be sent), one the path has but the description forgot is a
 * required string.
 */
function pathComplete(path: string, parameters: readonly Parameter[]): Parameter[] {
  const placeholders = [...path.matchAll(/\{([^}]+)\}/g)].flatMap(([, name]) => (name === undefined ? [] : [name]));
  const kept = parameters.filter((parameter) => parameter.in !== "path" || placeholders.includes(parameter.name));
  const missing = placeholders.filter((name) => !kept.some((parameter) => parameter.in === "path" && parameter.name === name));
  return [...missing.map((name): Parameter => ({ in: "path", name, required: true, schema: { type: "string" } })), ...kept];
}

const isJsonMedia = (type: string): boolean => /^application\/(.+\+)?json(;|$)/i.test(type) || /\+json(;|$)/i.test(type);

/** The media type the import sends or reads: JSON first, then forms, then whatever comes first. */
function chooseMedia(content: unknown): { type: string; schema: unknown } | undefined {
  const media = asRecord(content);
  if (media === undefined) return undefined;
  const types = Object.keys(media);
  const type =
    types.find(isJsonMedia) ??
    types.find((candidate) => candidate.startsWith("application/x-www-form-urlencoded")) ??
    types.find((candidate) => candidate.startsWith("multipart/form-data")) ??
    types[0];
  return type === undefined ? undefined : { type: type.split(";")[0]?.trim() ?? type, schema: asRecord(media[type])?.schema };
}

function firstMediaSchema(content: unknown): unknown {
  return chooseMedia(content)?.schema;
}

interface Body {
  readonly contentType: string;
  readonly required: boolean;
  readonly description?: string;
  readonly schema: unknown;
}

function requestBody(operation: Operation, parameters: readonly JsonRecord[], consumes: readonly string[]): Body | undefined {
  const body3 = asRecord(operation.operation.requestBody);
  if (body3 !== undefined) {
    const media = chooseMedia(body3.content);
    const description = asString(body3.description);
    return {
      contentType: media?.type ?? "application/json",
      required: body3.required === true,
      schema: media?.schema,
      ...(description === undefined ? {} : { description }),
    };
  }
  // Swagger 2.0: one `in: body` parameter, or `in: formData` fields.
  const body2 = parameters.find((parameter) => parameter.in === "body");
  if (body2 !== undefined) {
    const description = asString(body2.description);
    return {
      contentType: consumes.find(isJsonMedia) ?? consumes[0] ?? "application/json",
      required: body2.required === true,
      schema: body2.schema,
      ...(description === undefined ? {} : { description }),
    };
  }
  const fields = parameters.filter((parameter) => parameter.in === "formData");
  if (fields.length === 0) return undefined;
  const properties = Object.fromEntries(
    fields.map((field) => [
      String(field.name),
      { ...swaggerParameterSchema(field), ...(field.description === undefined ? {} : { description: field.description }) },
    ]),
  );
  const required = fields.filter((field) => field.required === true).map((field) => String(field.name));
  return {
    contentType: consumes.includes("multipart/form-data") ? "multipart/form-data" : "application/x-www-form-urlencoded",
    required: required.length > 0,
    schema: { type: "object", properties, ...(required.length > 0 ? { required } : {}) },
  };
}

/** The schema of the first 2xx answer with a body, in status order (`200` before `201` before `2XX`). */
function successSchema(operation: Operation, produces: readonly string[], swagger: boolean): unknown {
  const responses = asRecord(operation.operation.responses) ?? {};
  const statuses = Object.keys(responses)
    .filter((status) => /^2(\d\d|XX)$/i.test(status))
    .sort();
  for (const status of statuses) {
    const response = asRecord(responses[status]);
    if (response === undefined) continue;
    if (swagger) {
      if (response.schema !== undefined && (produces.length === 0 || produces.some(isJsonMedia))) return response.schema;
      continue;
    }
    const content = asRecord(response.content);
    const json = Object.keys(content ?? {}).find(isJsonMedia);
    if (json !== undefined) return asRecord(content?.[json])?.schema;
  }
  return undefined;
}

function annotationsOf(operation: Operation): ToolAnnotations {
  const readOnly = operation.method === "GET" || operation.method === "HEAD" || operation.method === "OPTIONS";
  return {
    readOnlyHint: readOnly,
    ...(readOnly ? {} : { destructiveHint: operation.method === "DELETE", idempotentHint: operation.method === "PUT" || operation.method === "DELETE" }),
    openWorldHint: true,
  };
}

function descriptionOf(operation: Operation): string {
  const summary = asString(operation.operation.summary)?.trim();
  const details = asString(operation.operation.description)?.trim();
  const parts = [summary, details === summary ? undefined : details].filter((part): part is string => part !== undefined && part !== "");
  const deprecated = operation.operation.deprecated === true ? "Deprecated. " : "";
  return `${deprecated}${parts.length === 0 ? `${operation.method} ${operation.path}` : parts.join("\n\n")}`;
}

/** A name for `wanted` not in `used`: itself, then each fallback, then numbered. */
function claim(used: Set<string>, wanted: readonly string[]): string {
  let name = wanted.find((candidate) => !used.has(candidate));
  for (let suffix = 2; name === undefined; suffix += 1) if (!used.has(`${wanted[0] ?? "value"}_${suffix}`)) name = `${wanted[0] ?? "value"}_${suffix}`;
  used.add(name);
  return name;
}

export interface DescriptionContext {
  readonly swagger: boolean;
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
  /** One converter per direction, each sharing converted subtrees across the operations. */
  readonly converters: { readonly input: SchemaConverter; readonly output: SchemaConverter };
  /** The dependency the tools call. */
  readonly dependency: string;
}

export function operationTool(operation: Operation, name: string, context: DescriptionContext): ToolBuild {
  const { swagger } = context;
  const converter = context.converters.input;
  const raw = effectiveParameters(operation);
  const consumes = asArray(operation.operation.consumes).map(String);
  const produces = asArray(operation.operation.produces).map(String);
  const used = new Set<string>();
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const parameters: Record<string, { in: UpstreamParameterLocation; name: string }> = {};
  const renames: string[] = [];
  for (const parameter of pathComplete(operation.path, wireParameters(raw, swagger))) {
    const property = claim(used, [parameter.name, `${parameter.in}_${parameter.name}`]);
    if (property !== parameter.name) renames.push(`${parameter.in} parameter "${parameter.name}" is input property "${property}"`);
    const schema = converter.convert(parameter.schema ?? { type: "string" });
    properties[property] =
      parameter.description === undefined || typeof schema.description === "string" ? schema : { ...schema, description: parameter.description };
    parameters[property] = { in: parameter.in, name: parameter.name };
    if (parameter.required) required.push(property);
  }
  const body = requestBody(operation, raw, consumes.length > 0 ? consumes : context.consumes);
  let upstreamBody: ToolUpstreamInput["body"];
  if (body !== undefined) {
    const property = claim(used, ["body", "requestBody"]);
    if (property !== "body") renames.push(`the request body is input property "${property}"`);
    const schema = converter.convert(body.schema ?? {});
    properties[property] = body.description === undefined || typeof schema.description === "string" ? schema : { ...schema, description: body.description };
    if (body.required) required.push(property);
    upstreamBody = { property, contentType: body.contentType };
  }
  const output = context.converters.output.convert(successSchema(operation, produces.length > 0 ? produces : context.produces, swagger));
  // MCP structured results are objects; any other answer is returned as JSON text, without an outputSchema.
  const outputSchema = output.type === "object" ? output : undefined;
  const summary = asString(operation.operation.summary)?.trim();
  const title = summary === undefined || summary === "" || summary.length > 80 ? undefined : summary;
  const tool: ImportedTool = {
    name,
    ...(title === undefined ? {} : { title }),
    description: descriptionOf(operation),
    inputSchema: { type: "object", properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false },
    ...(outputSchema === undefined ? {} : { outputSchema }),
    annotations: annotationsOf(operation),
    upstream: {
      dependency: context.dependency,
      method: operation.method,
      path: operation.path,
      parameters,
      ...(upstreamBody === undefined ? {} : { body: upstreamBody }),
    },
  };
  return { tool, renames };
}
