/**
 * The balancer's configuration: haproxy.cfg.template with its placeholders filled
 * in. The script, the test helper and the docker-compose file's haproxy.docker.cfg
 * are all rendered from the one template, so they cannot drift apart.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const HAPROXY_TEMPLATE = fileURLToPath(new URL("./haproxy.cfg.template", import.meta.url));

export interface BackendServer {
  /** The name HAProxy logs and puts in `x-turbomcp-backend` (`s1`, `s2`, …). */
  readonly name: string;
  /** `host:port` of the instance. */
  readonly address: string;
}

export interface HaproxyConfigInput {
  /** What the frontend binds: `127.0.0.1:8080`, `:8080`. */
  readonly bind: string;
  readonly servers: readonly BackendServer[];
  /** The Host header of health checks: a name in the instances' allowedHosts. */
  readonly checkHost: string;
  /** Path of the runtime API's Unix socket. */
  readonly statsSocket: string;
}

/** Fills the template; throws on a placeholder it does not know, so a typo in the template cannot pass. */
export function renderHaproxyConfig(input: HaproxyConfigInput, template = readFileSync(HAPROXY_TEMPLATE, "utf8")): string {
  if (input.servers.length === 0) throw new Error("the balancer needs at least one server");
  const values: Readonly<Record<string, string>> = {
    bind: input.bind,
    check_host: input.checkHost,
    stats_socket: input.statsSocket,
    servers: input.servers.map((server) => `    server ${server.name} ${server.address}`).join("\n"),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (placeholder, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`unknown placeholder ${placeholder} in the HAProxy template`);
    return value;
  });
}

/** `s1`, `s2`, …: the backend name of instance `index` (0-based). */
export function serverName(index: number): string {
  return `s${index + 1}`;
}
