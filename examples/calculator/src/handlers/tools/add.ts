import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { AddInput } from "../../generated/types.gen.js";

/**
 * Tool "add": Add two numbers.
 *
 * No outputSchema, so the result is plain text for the model.
 */
export async function add(input: AddInput, ctx: ToolContext): Promise<ToolResult> {
  ctx.log("debug", { adding: [input.a, input.b] });
  return String(input.a + input.b);
}
