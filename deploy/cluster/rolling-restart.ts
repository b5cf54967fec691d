/**
 * A rolling restart that no client notices (the rolling-restart test shows it with
 * 50 keep-alive clients): each instance in turn leaves HAProxy's load balancing, is
 * stopped once HAProxy has nothing in progress on it (SIGTERM: it drains), started
 * again on its port, and put back; the next goes once HAProxy has it UP.
 */
import type { Cluster } from "./topology.js";

type Restartable = Pick<Cluster, "drain" | "restart">;

/** One step: instance `index` out of HAProxy, idle, SIGTERM, started again, back in and UP. */
export async function restartGracefully(cluster: Restartable, index: number): Promise<void> {
  await cluster.drain(index);
  await cluster.restart(index);
}

/** Every instance in turn; `report` hears each step. */
export async function rollingRestart(cluster: Restartable & Pick<Cluster, "instances">, report: (line: string) => void): Promise<void> {
  for (const [index, instance] of cluster.instances.entries()) {
    report(`${instance.name}: leaving the balancer, then restarting`);
    await restartGracefully(cluster, index);
    report(`${instance.name}: back, on ${instance.url}`);
  }
}
