import type { ToolContext, ToolResult } from "turbomcp/runtime";
import type { JsonSchema202012ToolInput } from "../../generated/types.gen.js";

/**
 * Tool "json_schema_2020_12_tool": scenario json-schema-2020-12 only lists it and
 * checks that `$schema`, `$defs` and `additionalProperties` survive into tools/list;
 * calling it echoes the validated input.
 */
export async function jsonSchema202012Tool(input: JsonSchema202012ToolInput, _ctx: ToolContext): Promise<ToolResult> {
  const where = input.address === undefined ? "" : ` at ${[input.address.street, input.address.city].filter(Boolean).join(", ")}`;
  return `Received ${input.name ?? "no name"}${where}`;
}
