import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { ConfirmDeleteInput } from "../../generated/types.gen.js";
import { answer } from "../../answers.js";

/**
 * Tool "confirm_delete": a task from the start (no `taskAfterMs`), so its question
 * waits in the task as `input_required` until `tasks/update` answers it.
 */
export async function confirmDelete(input: ConfirmDeleteInput, ctx: ToolContext): Promise<ToolResult> {
  const result = await ctx.elicit({
    message: `Delete ${input.filename}?`,
    requestedSchema: { type: "object", properties: { confirm: { type: "boolean" } }, required: ["confirm"] },
  });
  return answer(result, "confirm") === true ? `Deleted ${input.filename}` : `Kept ${input.filename} (${result.action})`;
}
