/**
 * Reads a counter from each instance's own `/metrics` (Prometheus text, beside its
 * MCP endpoint, bypassing the balancer): how the tests see what a run ended as on the
 * instance that ran it, e.g. a tool call `cancelled` there.
 */
import type { ClusterInstance } from "../../../deploy/cluster/topology.js";

/** `mcp_requests_total{method=…,outcome=…}` on each instance, by backend name. */
export async function requestsByInstance(instances: readonly ClusterInstance[], method: string, outcome: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const series = `mcp_requests_total{method="${method}",outcome="${outcome}"} `;
  for (const instance of instances) {
    const text = await (await fetch(new URL("/metrics", instance.url))).text();
    const line = text.split("\n").find((candidate) => candidate.startsWith(series));
    counts.set(instance.name, line === undefined ? 0 : Number(line.slice(series.length)));
  }
  return counts;
}
