import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestInputRequiredResultListRootsInput } from "../../generated/types.gen.js";
import { rootList } from "../../answers.js";

/** Tool "test_input_required_result_list_roots": asks for the client's roots under the key `client_roots`. */
export async function testInputRequiredResultListRoots(_input: TestInputRequiredResultListRootsInput, ctx: ToolContext): Promise<ToolResult> {
  const roots = await ctx.roots({ key: "client_roots" });
  return `Client roots: ${rootList(roots)}`;
}
