import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestElicitationSep1034DefaultsInput } from "../../generated/types.gen.js";

/**
 * Tool "test_elicitation_sep1034_defaults": one field of each primitive type, each
 * with the default SEP-1034 allows; scenario elicitation-sep1034-defaults checks
 * every `type` and `default` below exactly.
 */
export async function testElicitationSep1034Defaults(_input: TestElicitationSep1034DefaultsInput, ctx: ToolContext): Promise<ToolResult> {
  const result = await ctx.elicit({
    message: "Please review and update the form fields with defaults",
    requestedSchema: {
      type: "object",
      properties: {
        name: { type: "string", description: "User name", default: "John Doe" },
        age: { type: "integer", description: "User age", default: 30 },
        score: { type: "number", description: "User score", default: 95.5 },
        status: { type: "string", description: "User status", enum: ["active", "inactive", "pending"], default: "active" },
        verified: { type: "boolean", description: "Verification status", default: true },
      },
      required: [],
    },
  });
  return `Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`;
}
