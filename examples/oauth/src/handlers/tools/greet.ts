import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { GreetInput } from "../../generated/types.gen.js";

/**
 * Tool "greet": Greet someone on behalf of the signed-in user.
 *
 * Reached only with the `greet` scope: a token without it gets 403 insufficient_scope,
 * and the client asks the user for more.
 */
export async function greet(input: GreetInput, ctx: ToolContext): Promise<ToolResult> {
  return `Hello, ${input.name}! (from ${ctx.principal?.subject ?? "someone"})`;
}
