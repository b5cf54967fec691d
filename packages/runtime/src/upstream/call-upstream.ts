/**
 * `callUpstream`: what the handler of a tool imported from an OpenAPI description
 * does. It sends the operation's request through the upstream's circuit breaker
 * (`ctx.dependency`, which also bounds it by the dependency's `timeoutMs`) and returns
 * the parsed answer; a non-2xx answer becomes a `ToolError` the model reads.
 */
import type { ToolContext } from "../handlers/context.js";
import { ToolError } from "../handlers/errors.js";
import { buildRequest } from "./request.js";
import type { UpstreamCallOptions, UpstreamOperation } from "./types.js";

/** How much of an error answer's body the tool error quotes. */
const EXCERPT_CHARACTERS = 300;

/** A non-2xx answer: a `ToolError`, so the model sees the status and the start of the body. */
export class UpstreamStatusError extends ToolError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "UpstreamStatusError";
  }
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_CHARACTERS ? `${flat.slice(0, EXCERPT_CHARACTERS)}…` : flat;
}

async function parse(response: Response): Promise<unknown> {
  const body = await response.text();
  if (body === "") return undefined;
  if (!/[/+]json(;|$)/i.test(response.headers.get("content-type") ?? "")) return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/**
 * Calls the operation with the tool's input and resolves with the answer's body: the
 * parsed JSON for a JSON answer, the text otherwise, `undefined` when it is empty.
 * `T` is what the tool promises to return; the runtime checks it against the tool's
 * outputSchema before the client sees it, so a mismatched answer is an error there.
 *
 * A 4xx answer does not count against the circuit breaker (the call was wrong, not
 * the upstream); a 5xx, a network error or a timeout does.
 *
 * @example
 * ```ts
 * import { callUpstream, type ToolContext, type UpstreamOperation } from "@turbomcp/runtime";
 * declare const getPet: UpstreamOperation;
 * async function handler(input: { petId: number }, ctx: ToolContext): Promise<{ name: string }> {
 *   return callUpstream<{ name: string }>(getPet, input, ctx);
 * }
 * ```
 */
export async function callUpstream<T = unknown>(operation: UpstreamOperation, input: object, ctx: ToolContext, options: UpstreamCallOptions = {}): Promise<T> {
  const request = buildRequest(operation, input, options.env ?? process.env);
  const send = options.fetch ?? fetch;
  const answer = await ctx.dependency(operation.api.dependency).call(
    async (signal) => {
      const response = await send(request.url, { ...request.init, signal });
      if (response.ok) return parse(response);
      const reason = `${operation.method} ${operation.path} answered ${response.status}${response.statusText === "" ? "" : ` ${response.statusText}`}`;
      const body = excerpt(await response.text());
      throw new UpstreamStatusError(response.status, body === "" ? reason : `${reason}: ${body}`);
    },
    { isFailure: (error) => !(error instanceof UpstreamStatusError && error.status < 500) },
  );
  return answer as T;
}

/** A tool result's text for an answer without an output schema: text as it came, anything else as JSON. */
export function upstreamText(answer: unknown): string {
  if (answer === undefined) return "(no content)";
  return typeof answer === "string" ? answer : JSON.stringify(answer, null, 2);
}
