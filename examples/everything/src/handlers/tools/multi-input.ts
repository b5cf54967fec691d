import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { MultiInputInput } from "../../generated/types.gen.js";
import { answer, answerText } from "../../answers.js";

/** Tool "multi_input": two questions at once, so the task waits on two keys and takes their answers one by one. */
export async function multiInput(_input: MultiInputInput, ctx: ToolContext): Promise<ToolResult> {
  const [name, confirmation] = await Promise.all([
    ctx.elicit({ message: "What is your name?", requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } }),
    ctx.elicit({ message: "Shall I go on?", requestedSchema: { type: "object", properties: { confirm: { type: "boolean" } }, required: ["confirm"] } }),
  ]);
  return `Name: ${answerText(name, "name") ?? `none (${name.action})`}; go on: ${answer(confirmation, "confirm") === true ? "yes" : "no"}`;
}
