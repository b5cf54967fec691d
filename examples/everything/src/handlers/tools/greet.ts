import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { GreetInput } from "../../generated/types.gen.js";

/** Tool "greet": the tasks scenarios' sync-only tool; no `execution`, so never a task. */
export async function greet(input: GreetInput, _ctx: ToolContext): Promise<ToolResult> {
  return `Hello, ${input.name}!`;
}
