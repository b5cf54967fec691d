/**
 * The `call-middleware` workload's parts that a run does not check by itself: its
 * three middleware hand every call on to the handler and its result back unchanged
 * (a benchmark answer that is right would also come from a middleware answering on
 * its own), and its target's verdict.
 */
import { describe, expect, it } from "vitest";
import { defineRoutes, toolRoute, type Middleware } from "../../packages/runtime/src/index.js";
import { checkTargets } from "../../bench/load/report.js";
import type { ResultRow } from "../../bench/load/results.js";
import { benchMiddleware } from "../../bench/servers/middleware.js";
import { compile } from "../fixtures/runtime/validators.js";
import { memoryClient } from "../runtime/helpers/memory-client.js";

const schema = { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] } as const;
const routes = defineRoutes({
  server: { name: "bench-middleware", version: "0" },
  tools: [
    toolRoute<{ a: number; b: number }, string>({
      definition: { name: "add", inputSchema: schema },
      validateInput: compile(schema),
      handler: (input) => String(input.a + input.b),
      policy: { scopes: [] },
    }),
  ],
});

describe("the call-middleware workload", () => {
  it("runs all three middleware on the way to the handler and answers what the server without them answers", async () => {
    const reached: unknown[] = [];
    // Innermost: reached only when each of the three has passed the call on.
    const innermost: Middleware = async (call, next) => {
      reached.push(call.arguments);
      return next();
    };
    const request = { name: "add", arguments: { a: 2, b: 3 } };
    const plain = await memoryClient(routes).stateless("tools/call", request);
    const wrapped = await memoryClient(routes, { middleware: [...benchMiddleware(), innermost] }).stateless("tools/call", request);
    expect(reached).toEqual([{ a: 2, b: 3 }]);
    expect(wrapped.result).toMatchObject({ content: [{ type: "text", text: "5" }] });
    expect(wrapped).toEqual(plain);
  });

  it("judges the target on the pairs' median ratio at the high concurrency: at least 95%", () => {
    const row = (concurrency: number, pairedRatio: number): ResultRow => ({
      target: "turbomcp-middleware",
      label: "turbomcp, 2026-07-28 stateless, 3 middleware",
      workload: "call-middleware",
      concurrency,
      requestsPerSecond: 1000,
      pairedRatio,
      failures: 0,
    });
    const verdict = (rows: ResultRow[]) => checkTargets(rows, 50).map(({ what, aim, measured, met }) => [what, aim, measured, met]);
    const what = "tools/call c=50 with 3 trivial middleware vs none (alternating runs)";
    expect(verdict([row(1, 0.5), row(50, 0.95)])).toEqual([[what, "≥ 95%", "95.0%", true]]);
    expect(verdict([row(50, 0.949)])).toEqual([[what, "≥ 95%", "94.9%", false]]);
  });
});
