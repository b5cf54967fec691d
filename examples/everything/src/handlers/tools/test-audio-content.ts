import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestAudioContentInput } from "../../generated/types.gen.js";
import { SILENT_WAV } from "../../media.js";

/** Tool "test_audio_content": one audio block; the scenario requires mimeType exactly "audio/wav". */
export async function testAudioContent(_input: TestAudioContentInput, _ctx: ToolContext): Promise<ToolResult> {
  return [{ type: "audio", data: SILENT_WAV, mimeType: "audio/wav" }];
}
