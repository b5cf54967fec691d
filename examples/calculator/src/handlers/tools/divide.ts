import type { ToolContext } from "@turbomcp/runtime";
import { ToolError } from "@turbomcp/runtime";
import type { DivideInput, DivideOutput } from "../../generated/types.gen.js";

/**
 * Tool "divide": Divide a by b, returning the quotient and the remainder.
 *
 * Division by zero is the model's mistake, not a server failure: a ToolError
 * becomes a result with `isError: true` that the model can read and correct.
 */
export async function divide(input: DivideInput, _ctx: ToolContext): Promise<DivideOutput> {
  if (input.b === 0) throw new ToolError("cannot divide by zero");
  return { quotient: Math.trunc(input.a / input.b), remainder: input.a % input.b };
}
