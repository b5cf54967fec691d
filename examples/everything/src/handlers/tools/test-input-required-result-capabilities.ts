import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestInputRequiredResultCapabilitiesInput } from "../../generated/types.gen.js";
import { answerText, rootList, sampledText } from "../../answers.js";
import { GREETING_REQUEST, NAME_QUESTION } from "../../questions.js";

/**
 * Tool "test_input_required_result_capabilities": asks only for what the client
 * declared, all in one round. A server must not rely on a capability the client did
 * not declare (asking anyway would fail with -32021), so a tool that can do without
 * an answer checks `ctx.clientCapabilities` first.
 */
export async function testInputRequiredResultCapabilities(_input: TestInputRequiredResultCapabilitiesInput, ctx: ToolContext): Promise<ToolResult> {
  const declared = ctx.clientCapabilities;
  const asks: Promise<string>[] = [];
  if (declared["elicitation"] !== undefined) {
    asks.push(ctx.elicit(NAME_QUESTION, { key: "user_name" }).then((result) => `elicitation: ${answerText(result, "name") ?? result.action}`));
  }
  if (declared["sampling"] !== undefined) {
    asks.push(ctx.sample(GREETING_REQUEST, { key: "greeting" }).then((result) => `sampling: ${sampledText(result)}`));
  }
  if (declared["roots"] !== undefined) {
    asks.push(ctx.roots({ key: "client_roots" }).then((roots) => `roots: ${rootList(roots)}`));
  }
  if (asks.length === 0) return "The client declared none of elicitation, sampling and roots, so nothing was asked";
  return `Asked only for what the client declared. ${(await Promise.all(asks)).join("; ")}`;
}
