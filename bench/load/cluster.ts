/**
 * The workloads of several instances, which are not per server: one Redis, the
 * deployment with its state in memory and the one sharing Redis (cluster-deployments.ts)
 * are started once for both, and always stopped. A failure to start becomes an error
 * row for each workload asked for; the run goes on.
 */
import { clusterCall } from "./cluster-call.js";
import { startDeployments } from "./cluster-deployments.js";
import { clusterNotify } from "./cluster-notify.js";
import type { Pinning } from "./cpu-pinning.js";
import type { MeasureSettings } from "./measure.js";
import type { ResultRow, WorkloadId } from "./results.js";

export const CLUSTER_WORKLOADS: readonly WorkloadId[] = ["cluster-call", "cluster-notify"];

export interface ClusterSettings extends MeasureSettings {
  readonly pinning: Pinning;
  /** Timed notifications per placement (cluster-notify), after a few untimed ones. */
  readonly notifySamples: number;
}

/** Untimed notifications before the timed ones: a tenth of them, at least 2. */
function notifyWarmup(samples: number): number {
  return Math.max(2, Math.ceil(samples / 10));
}

export async function clusterWorkloads(settings: ClusterSettings): Promise<ResultRow[]> {
  const wanted = CLUSTER_WORKLOADS.filter((workload) => settings.workloads.has(workload));
  if (wanted.length === 0) return [];
  let deployments;
  try {
    deployments = await startDeployments({ pinning: settings.pinning, log: settings.log });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    settings.log(`  cluster: ${message.split("\n")[0]}`);
    return wanted.map((workload) => ({ target: "cluster", label: "turbomcp behind HAProxy", workload, failures: 1, error: message }));
  }
  try {
    const rows: ResultRow[] = [];
    if (settings.workloads.has("cluster-call")) {
      try {
        rows.push(...(await clusterCall(deployments, settings)));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        settings.log(`  cluster call: ${message.split("\n")[0]}`);
        rows.push({
          target: "cluster",
          label: "turbomcp behind HAProxy",
          workload: "cluster-call",
          failures: 1,
          error: `${message}\n${deployments.output()}`.trim(),
        });
      }
    }
    if (settings.workloads.has("cluster-notify"))
      rows.push(...(await clusterNotify(deployments, { samples: settings.notifySamples, warmup: notifyWarmup(settings.notifySamples), log: settings.log })));
    return rows;
  } finally {
    await deployments.stop();
  }
}
