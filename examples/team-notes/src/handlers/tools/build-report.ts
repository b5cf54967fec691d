import { setTimeout as sleep } from "node:timers/promises";
import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { BuildReportInput } from "../../generated/types.gen.js";
import { tenantNotes } from "../../store.js";

/**
 * Tool "build_report": A report over your team's notes; takes a while (ms).
 *
 * While it runs it holds one of the tenant's `maxConcurrentRequests` slots.
 */
export async function buildReport(input: BuildReportInput, ctx: ToolContext): Promise<ToolResult> {
  await sleep(input.ms ?? 200, undefined, { signal: ctx.signal });
  return `${tenantNotes(ctx).length} notes for ${ctx.requireTenant()}`;
}
