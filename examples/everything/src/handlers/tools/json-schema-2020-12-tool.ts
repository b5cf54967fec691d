import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { JsonSchema202012ToolInput } from "../../generated/types.gen.js";

/**
 * Tool "json_schema_2020_12_tool": scenario json-schema-2020-12 only lists it and
 * checks that the 2020-12 keywords (`$schema`, `$defs`, `additionalProperties`, and
 * from 2026-07-28 `allOf`/`anyOf` and `if`/`then`/`else`) survive into tools/list.
 * Calling it echoes the input, which the validator has already held to those
 * rules: a phone or an email, and the phone when `contactMethod` is "phone".
 */
export async function jsonSchema202012Tool(input: JsonSchema202012ToolInput, _ctx: ToolContext): Promise<ToolResult> {
  const contact = input.contactMethod === "phone" ? `phone ${input.phone ?? ""}` : `email ${input.email ?? ""}`;
  const where = input.address === undefined ? "" : ` at ${[input.address.street, input.address.city].filter(Boolean).join(", ")}`;
  return `Received ${input.name ?? "no name"} (${contact})${where}`;
}
