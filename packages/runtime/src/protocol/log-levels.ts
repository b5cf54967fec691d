/** RFC 5424 severities as MCP logging uses them (server/utilities/logging). */
import type { LogLevel } from "../handlers/context.js";

/** In increasing order of severity. */
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

/** Whether a message at `level` passes a threshold; no threshold means nothing passes. */
export function logLevelPasses(level: LogLevel, threshold: LogLevel | undefined): boolean {
  return threshold !== undefined && LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}
