import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { ToolContext } from "@turbomcp/runtime";
import type { SumInput, SumOutput } from "../../generated/types.gen.js";

/** How often progress is reported while summing. */
const PROGRESS_EVERY = 1000;

/**
 * Tool "sum": Add up a list of numbers, reporting progress for long lists.
 *
 * Yields to the event loop between chunks, so a cancellation or the manifest's
 * 5 s timeout can stop it and progress reaches the client as it happens.
 */
export async function sum(input: SumInput, ctx: ToolContext): Promise<SumOutput> {
  let total = 0;
  for (const [index, value] of input.values.entries()) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    total += value;
    if ((index + 1) % PROGRESS_EVERY === 0) {
      ctx.progress({ progress: index + 1, total: input.values.length });
      await yieldToEventLoop();
    }
  }
  return { total, count: input.values.length };
}
