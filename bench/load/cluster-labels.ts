/**
 * The rows of the cluster workloads (cluster-call.ts, cluster-notify.ts): their
 * target ids and labels, shared with the report, which pairs them (Redis over memory)
 * and judges the targets.
 */
import type { Flavour } from "./mcp-requests.js";

/** The protocol eras the throughput workload loads, in the flavours of mcp-requests.ts. */
export const CLUSTER_ERAS = ["modern", "session"] as const satisfies readonly Flavour[];
export type ClusterEra = (typeof CLUSTER_ERAS)[number];
export type ClusterState = "memory" | "redis";

export const ERA_LABELS: Readonly<Record<ClusterEra, string>> = { modern: "2026-07-28 stateless", session: "2025-11-25 sessions" };
const STATE_LABELS: Readonly<Record<ClusterState, string>> = {
  memory: "turbomcp ×1 via HAProxy, state in memory",
  redis: "turbomcp ×2 via HAProxy, state in Redis",
};

export function clusterCallId(state: ClusterState, era: ClusterEra): string {
  return `cluster-${state}-${era === "modern" ? "stateless" : "sessions"}`;
}

export function clusterCallLabel(state: ClusterState, era: ClusterEra): string {
  return `${STATE_LABELS[state]}, ${ERA_LABELS[era]}`;
}

/** The era of a throughput row's target id, or undefined for any other id. */
export function clusterEraOf(id: string): ClusterEra | undefined {
  return CLUSTER_ERAS.find((era) => id === clusterCallId("memory", era) || id === clusterCallId("redis", era));
}

/**
 * The notification latency's three placements: one instance with its state in memory
 * (the baseline), and on the Redis deployment the trigger on the instance holding the
 * stream, then on the other one.
 */
export const NOTIFY_PLACEMENTS = {
  single: { id: "notify-single", label: "turbomcp ×1, state in memory: stream and trigger on the one instance" },
  same: { id: "notify-redis-same", label: "turbomcp ×2, state in Redis: trigger on the stream's instance" },
  cross: { id: "notify-redis-cross", label: "turbomcp ×2, state in Redis: trigger on the other instance" },
} as const;
export type NotifyPlacement = keyof typeof NOTIFY_PLACEMENTS;
