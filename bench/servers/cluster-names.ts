/**
 * Names the cluster instance (turbomcp-instance.ts) and the harness (load/cluster*.ts)
 * share; in a file of their own, since importing the instance entry would start it.
 */

/** `memory`: the instance drops `TURBOMCP_REDIS_URL`. Not TURBOMCP_*: the runtime refuses TURBOMCP_ variables it does not know. */
export const CLUSTER_STATE_ENV = "BENCH_CLUSTER_STATE";
/** The resource the notification workload subscribes to. */
export const TICK_URI = "bench://tick";
/** The tool that notifies the subscribers of TICK_URI, then answers as `add`. */
export const TOUCH_TOOL = "touch";
