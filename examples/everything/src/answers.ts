/**
 * Reading what a client answered. Clients choose what they send back (a user may
 * decline, a model may answer with an image), so handlers read answers defensively
 * and say what happened instead of failing.
 */
import type { ElicitResult, JsonValue, Root, SamplingResult } from "@turbomcp/runtime";

/** The value of `field` in an accepted elicitation; `undefined` when declined, cancelled or left out. */
export function answer(result: ElicitResult, field: string): JsonValue | undefined {
  return result.action === "accept" ? result.content?.[field] : undefined;
}

/** The same, when it is a string. */
export function answerText(result: ElicitResult, field: string): string | undefined {
  const value = answer(result, field);
  return typeof value === "string" ? value : undefined;
}

/** The text of a sampling reply, or what kind of content came instead. */
export function sampledText(result: SamplingResult): string {
  return result.content.type === "text" ? result.content.text : `[${result.content.type} content]`;
}

/** Root URIs for a sentence, e.g. `file:///a, file:///b` or `none`. */
export function rootList(roots: readonly Root[]): string {
  return roots.length === 0 ? "none" : roots.map((root) => root.uri).join(", ");
}
