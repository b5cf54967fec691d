/**
 * Errors a handler author throws on purpose. Anything else a handler throws is a
 * bug: the runtime answers with a safe generic message and logs the details.
 */

/** Code carried by every stub the generator creates, so `turbomcp check --strict` and the runtime recognise it. */
export const NOT_IMPLEMENTED = "TURBOMCP_NOT_IMPLEMENTED";

/** Thrown by generated handler stubs until the developer fills them in. */
export class NotImplementedError extends Error {
  readonly code = NOT_IMPLEMENTED;
  constructor(
    readonly kind: "tool" | "resource" | "resourceTemplate" | "prompt" | "completion" | "middleware",
    readonly handlerName: string,
  ) {
    super(`${kind} "${handlerName}" is not implemented yet: fill in its ${kind === "middleware" ? "stub" : "handler"} file`);
    this.name = "NotImplementedError";
  }
}

/**
 * Creates the error a fresh stub throws.
 *
 * @example
 * ```ts
 * import { notImplemented } from "@turbomcp/runtime";
 * export async function add(): Promise<number> {
 *   throw notImplemented("tool", "add");
 * }
 * ```
 */
export function notImplemented(kind: NotImplementedError["kind"], handlerName: string): NotImplementedError {
  return new NotImplementedError(kind, handlerName);
}

/**
 * A failure the handler wants the model to see: becomes a tool result with
 * `isError: true` and exactly this message.
 *
 * @example
 * ```ts
 * import { ToolError } from "@turbomcp/runtime";
 * function divide(a: number, b: number): number {
 *   if (b === 0) throw new ToolError("cannot divide by zero");
 *   return a / b;
 * }
 * ```
 */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolError";
  }
}
