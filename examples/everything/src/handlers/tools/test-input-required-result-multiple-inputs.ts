import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestInputRequiredResultMultipleInputsInput } from "../../generated/types.gen.js";
import { answerText, rootList, sampledText } from "../../answers.js";
import { GREETING_REQUEST, NAME_QUESTION } from "../../questions.js";

/**
 * Tool "test_input_required_result_multiple_inputs": three asks made together, so on
 * 2026-07-28 they go out in one input-required result (keys `user_name`, `greeting`,
 * `client_roots`) and on a session as three concurrent requests.
 */
export async function testInputRequiredResultMultipleInputs(_input: TestInputRequiredResultMultipleInputsInput, ctx: ToolContext): Promise<ToolResult> {
  const [user, greeting, roots] = await Promise.all([
    ctx.elicit(NAME_QUESTION, { key: "user_name" }),
    ctx.sample(GREETING_REQUEST, { key: "greeting" }),
    ctx.roots({ key: "client_roots" }),
  ]);
  const name = answerText(user, "name") ?? `no name (${user.action})`;
  return `Name: ${name}; greeting: ${sampledText(greeting)}; roots: ${rootList(roots)}`;
}
