/**
 * The health endpoints as plain `(req, res)` handlers: JSON bodies, 200 when the
 * answer is yes and 503 when it is no (what load balancers and Kubernetes probes
 * act on), never cached. They ignore the URL, so they work wherever they are mounted.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Health } from "./health.js";
import { refuseMethod, replyJson, type HttpHandler } from "./http-reply.js";

export interface HealthHandlers {
  /** `/health/live`: 200 while the process can answer at all. */
  readonly live: HttpHandler;
  /** `/health/ready`: 200 when ready, every check passes and no critical dependency's breaker is open, else 503 naming what fails. */
  readonly ready: HttpHandler;
  /** `/health`: the full report (each check's status, duration, message, each dependency's breaker); 200 or 503 like `ready` (200 when only degraded). */
  readonly details: HttpHandler;
}

type HealthProbe = Pick<Health, "state" | "report">;

/** A probe must always get an answer, even if a check or the report itself breaks. */
function answer(req: IncomingMessage, res: ServerResponse, work: () => Promise<{ status: number; body: object }>): void {
  if (refuseMethod(req, res)) return;
  work().then(
    ({ status, body }) => replyJson(req, res, status, body),
    () => replyJson(req, res, 503, { status: "fail" }),
  );
}

export function createHealthHandlers(health: HealthProbe): HealthHandlers {
  return {
    live(req, res) {
      if (!refuseMethod(req, res)) replyJson(req, res, 200, { status: "pass" });
    },
    ready(req, res) {
      answer(req, res, async () => {
        const state = health.state;
        if (state !== "ready") return { status: 503, body: { status: "fail", state } };
        const report = await health.report();
        const failing = Object.entries(report.checks)
          .filter(([, check]) => check.status === "fail")
          .map(([name]) => name);
        // Degraded (`warn`) is still ready: the instance serves what needs no open upstream.
        if (report.status !== "fail") return { status: 200, body: { status: "pass", state: report.state } };
        const dependencies = report.failingDependencies;
        return {
          status: 503,
          body: { status: "fail", state: report.state, failing, ...(dependencies !== undefined && { failingDependencies: dependencies }) },
        };
      });
    },
    details(req, res) {
      answer(req, res, async () => {
        const report = await health.report();
        return { status: report.status === "fail" ? 503 : 200, body: report };
      });
    },
  };
}
