/**
 * Argument redaction for the audit log, a built-in written on the public middleware
 * API: the handler gets the arguments as sent, while what observers record (the
 * audit log, when it logs arguments) has the named keys censored at any depth. The
 * audit log already censors keys that look like secrets (`password`, `token`, …);
 * this names an entry's own (`cardNumber`, `ssn`, …).
 */
import { secretKeyRedactor } from "../observability/audit-redact.js";
import type { Middleware } from "../routing/middleware.js";

export interface RedactArgumentsOptions {
  /**
   * Argument keys whose values are recorded as `"[redacted]"`, wherever they appear in
   * the arguments (nested objects, lists). Compared without case, `-` and `_`:
   * `cardNumber` also censors `card_number` and `CARD-NUMBER`.
   */
  readonly keys: readonly string[];
}

/**
 * @example
 * ```ts
 * import { createServer, redactArguments } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const server = createServer(routes, { middleware: [redactArguments({ keys: ["cardNumber", "iban"] })] });
 * ```
 */
export function redactArguments(options: RedactArgumentsOptions): Middleware {
  const { keys } = options;
  if (!Array.isArray(keys) || keys.length === 0 || keys.some((key) => typeof key !== "string" || key.length === 0)) {
    throw new TypeError("redactArguments keys must be a non-empty list of non-empty strings");
  }
  // Only censoring here: the audit log cuts long strings itself.
  const redact = secretKeyRedactor(keys, Number.POSITIVE_INFINITY);
  return (call, next) => {
    if (call.arguments !== undefined) call.recordArguments(redact(call.arguments));
    return next();
  };
}
