/**
 * The MCP specification's own JSON Schemas (`../shared/spec/<version>/schema.json`,
 * beside the repository), used to check what the server sends: each result against
 * the result type of the request it answers, each notification, server request and
 * error against the spec's definitions for the negotiated version.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { repoRoot } from "./scratch.js";

export const specDir = path.resolve(repoRoot, "../shared/spec");

/** Result type of each request method, as the spec names it. */
const RESULT_TYPES: Readonly<Record<string, string>> = {
  initialize: "InitializeResult",
  ping: "EmptyResult",
  "tools/list": "ListToolsResult",
  "tools/call": "CallToolResult",
  "resources/list": "ListResourcesResult",
  "resources/templates/list": "ListResourceTemplatesResult",
  "resources/read": "ReadResourceResult",
  "prompts/list": "ListPromptsResult",
  "prompts/get": "GetPromptResult",
  "completion/complete": "CompleteResult",
  "logging/setLevel": "EmptyResult",
  "server/discover": "DiscoverResult",
  "subscriptions/listen": "SubscriptionsListenResult",
};

export interface SpecChecker {
  /** Problems with `message`, sent in answer to a request of `requestMethod` when it is a response. */
  check(message: object, requestMethod?: string): string[];
  /** Problems with `value` as the spec's type `type` (e.g. `InputRequiredResult`). */
  checkType(type: string, value: unknown): string[];
}

export function specChecker(version: string): SpecChecker {
  const file = path.join(specDir, version, "schema.json");
  if (!existsSync(file)) throw new Error(`the MCP spec schemas are missing: expected ${file} (shared/ beside the repository)`);
  const schema = JSON.parse(readFileSync(file, "utf8")) as { $schema?: string; definitions?: object; $defs?: object };
  const modern = schema.$schema?.includes("2020-12") === true;
  // The spec's schemas use annotations ajv's strict mode does not know; they are data here, not ours to fix.
  const ajv = modern
    ? new Ajv2020({ strict: false, allErrors: true, validateFormats: false })
    : new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(schema, "spec");
  const prefix = modern ? "spec#/$defs/" : "spec#/definitions/";
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (type: string): ValidateFunction => {
    let validate = validators.get(type);
    if (validate === undefined) {
      validate = ajv.getSchema(`${prefix}${type}`);
      if (validate === undefined) throw new Error(`${version} defines no ${type}`);
      validators.set(type, validate);
    }
    return validate;
  };
  const problems = (type: string, value: unknown): string[] => {
    const validate = validatorFor(type);
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${type}${error.instancePath} ${error.message ?? "is invalid"}`);
  };
  const errorType = modern ? "JSONRPCErrorResponse" : "JSONRPCError";
  return {
    check(message, requestMethod) {
      const record = message as Record<string, unknown>;
      if ("method" in record) return problems("id" in record ? "ServerRequest" : "ServerNotification", message);
      if ("error" in record) return problems(errorType, message);
      const resultType = requestMethod === undefined ? undefined : RESULT_TYPES[requestMethod];
      if (resultType === undefined) return [`no result type known for ${String(requestMethod)}`];
      return [...problems("JSONRPCResponse", message), ...problems(resultType, record.result)];
    },
    checkType: problems,
  };
}
