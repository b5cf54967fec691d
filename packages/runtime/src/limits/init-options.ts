/**
 * express-rate-limit stores learn their window from `init(options)`, typed as the
 * middleware's whole option set; MemoryStore and RedisStore read only `windowMs`
 * (checked against their sources in express-rate-limit 8.7 and rate-limit-redis 6.0).
 */
import type { Options } from "express-rate-limit";

export function initOptions(windowMs: number): Options {
  return { windowMs } as Options;
}
