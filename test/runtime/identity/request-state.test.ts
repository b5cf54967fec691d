/**
 * A 2026-07-28 `requestState` is sealed for the identity that got it: over real HTTP,
 * the retry of issuer A's `alice` completes, while the same state in the hands of
 * issuer B's `alice` (or of an API key `alice`) is refused with -32602.
 */
import { describe, expect, it } from "vitest";
import { ISSUER_A, ISSUER_B, apiKey, bearer, listen, statelessCall, type Credentials } from "./kit.js";

const ANSWER = { "elicitation-1": { action: "accept", content: { name: "Ada" } } };

async function askedState(url: string, credentials: Credentials): Promise<string> {
  const asked = await statelessCall(url, { name: "ask_name", arguments: {} }, credentials);
  expect(asked.body.result).toMatchObject({ resultType: "input_required", requestState: expect.any(String) });
  return asked.body.result!.requestState as string;
}

describe("requestState bound to its identity", () => {
  it("is refused for the same subject of another issuer, and for an API key of the same id", async () => {
    const { url } = await listen();
    const aliceOfA = await bearer(ISSUER_A);
    const requestState = await askedState(url, aliceOfA);
    const retry = { name: "ask_name", arguments: {}, inputResponses: ANSWER, requestState };
    for (const other of [await bearer(ISSUER_B), apiKey("alice")]) {
      const refused = await statelessCall(url, retry, other);
      expect(refused.body.error).toMatchObject({ code: -32602, message: expect.stringMatching(/^Invalid params: requestState /) });
    }
    const done = await statelessCall(url, retry, aliceOfA);
    expect(done.body.result).toMatchObject({ resultType: "complete", content: [{ type: "text", text: "hello Ada" }] });
  });
});
