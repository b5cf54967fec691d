/**
 * `cluster-call`: `tools/call add` through HAProxy, on the deployment with its state
 * in memory and on the one sharing Redis (cluster-deployments.ts), in both protocol
 * eras and at each concurrency. The two deployments take turns, run by run, as the
 * tenancy and auth comparisons do (measure.ts): "Redis costs at most 15%" is a smaller
 * difference than separate runs drift apart on a shared machine. Each row is its
 * side's median run; the Redis row carries the median of the pairs' ratios.
 */
import type { Deployment, Deployments } from "./cluster-deployments.js";
import { CLUSTER_ERAS, clusterCallId, clusterCallLabel, type ClusterEra } from "./cluster-labels.js";
import { httpLoad } from "./http-load.js";
import { buildRequest, CALL_ADD, expectedMarker, type HttpRequestSpec } from "./mcp-requests.js";
import { medianRun, PAIRED_ROUNDS, type MeasureSettings } from "./measure.js";
import type { LoadResult, ResultRow } from "./results.js";
import { openSessions } from "./sessions.js";

/** One request per connection; a session per connection for the 2025-11-25 era, opened through the balancer. */
async function requestsFor(deployment: Deployment, era: ClusterEra, connections: number): Promise<HttpRequestSpec[]> {
  if (era === "modern") return [buildRequest(CALL_ADD, "modern")];
  const ids = await openSessions(deployment.port, deployment.path, connections, Math.min(connections, 16));
  return ids.map((id) => buildRequest(CALL_ADD, "session", id));
}

function row(deployment: Deployment, era: ClusterEra, connections: number, result: LoadResult): ResultRow {
  const rssMb = deployment.rssMb();
  return {
    target: clusterCallId(deployment.state, era),
    label: clusterCallLabel(deployment.state, era),
    workload: "cluster-call",
    concurrency: connections,
    requestsPerSecond: result.requestsPerSecond,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    ...(result.serverCpuMicros !== undefined && { serverCpuMicros: result.serverCpuMicros }),
    ...(rssMb !== undefined && { rssMb }),
    count: result.total,
    failures: result.failures,
  };
}

export async function clusterCall(deployments: Deployments, settings: MeasureSettings): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const rounds = Math.max(PAIRED_ROUNDS, settings.rounds);
  const sides = [deployments.memory, deployments.redis] as const;
  for (const era of CLUSTER_ERAS) {
    for (const connections of settings.concurrencies) {
      try {
        rows.push(...(await pair(era, connections)));
      } catch (error) {
        // One era or concurrency failing (e.g. sessions refused) leaves the others' figures.
        const message = error instanceof Error ? error.message : String(error);
        settings.log(`  cluster ${era} c=${connections}: ${message.split("\n")[0]}`);
        for (const side of sides)
          rows.push({
            target: clusterCallId(side.state, era),
            label: clusterCallLabel(side.state, era),
            workload: "cluster-call",
            concurrency: connections,
            failures: 1,
            error: `${message}\n${deployments.output()}`.trim(),
          });
      }
    }
  }
  return rows;

  async function pair(era: ClusterEra, connections: number): Promise<ResultRow[]> {
    // The error names the deployment that refused: both sides' rows carry it, as neither is measured without the other.
    const requests = await Promise.all(
      sides.map((side) =>
        requestsFor(side, era, connections).catch((error: unknown) => {
          throw new Error(`the deployment with its state in ${side.state}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }),
      ),
    );
    const runs: [LoadResult[], LoadResult[]] = [[], []];
    for (let round = 0; round < rounds; round++) {
      for (const [index, side] of sides.entries()) {
        runs[index]?.push(
          await httpLoad({
            port: side.port,
            path: side.path,
            connections,
            requests: requests[index] ?? [],
            marker: expectedMarker(CALL_ADD, 1),
            warmupSeconds: settings.warmupSeconds,
            durationSeconds: settings.durationSeconds,
            ...(side.cpu !== undefined && { serverCpu: side.cpu }),
          }),
        );
      }
    }
    const [memoryRuns, redisRuns] = runs;
    const ratios = redisRuns.map((run, index) => run.requestsPerSecond / (memoryRuns[index]?.requestsPerSecond ?? Number.NaN)).sort((a, b) => a - b);
    const pairedRatio = ratios[Math.floor(ratios.length / 2)] ?? Number.NaN;
    const memory = medianRun(memoryRuns);
    const redis = medianRun(redisRuns);
    const measured: ResultRow[] = [
      row(sides[0], era, connections, memory),
      {
        ...row(sides[1], era, connections, redis),
        pairedBaselineRps: memory.requestsPerSecond,
        pairedRatio,
      },
    ];
    const cpu = (run: LoadResult): string => `${run.serverCpuMicros?.toFixed(0) ?? "?"} µs/req`;
    const failed = memory.failures + redis.failures > 0 ? `, ${memory.failures + redis.failures} FAILED` : "";
    settings.log(
      `  cluster ${era} c=${connections}: Redis ${redis.requestsPerSecond.toFixed(0)} req/s (${cpu(redis)}) against memory ${memory.requestsPerSecond.toFixed(0)} (${cpu(memory)}) in alternating runs; median of the pairs' ratios ${(100 * pairedRatio).toFixed(1)}%${failed}`,
    );
    return measured;
  }
}
