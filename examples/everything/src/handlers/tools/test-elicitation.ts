import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestElicitationInput } from "../../generated/types.gen.js";

/** Tool "test_elicitation": asks for a username and an email with the caller's message (scenario tools-call-elicitation). */
export async function testElicitation(input: TestElicitationInput, ctx: ToolContext): Promise<ToolResult> {
  const result = await ctx.elicit({
    message: input.message,
    requestedSchema: {
      type: "object",
      properties: {
        username: { type: "string", description: "User's response" },
        email: { type: "string", description: "User's email address" },
      },
      required: ["username", "email"],
    },
  });
  return `User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`;
}
