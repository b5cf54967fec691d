/**
 * The docker-compose.yml topology, stated once: the services it names and the
 * HAProxy configuration it mounts (haproxy.docker.cfg, rendered from the same
 * template as the script's). test/e2e/cluster/compose.test.ts checks the compose
 * file and the committed configuration against it;
 * `npm run cluster -- --write-docker-config` rewrites the configuration.
 */
import { fileURLToPath } from "node:url";
import { renderHaproxyConfig, serverName } from "./haproxy-config.js";
import { DEFAULT_INSTANCES } from "./topology.js";

export const COMPOSE_FILE = fileURLToPath(new URL("./docker-compose.yml", import.meta.url));
export const DOCKER_HAPROXY_CONFIG = fileURLToPath(new URL("./haproxy.docker.cfg", import.meta.url));

/** As many instances as the script starts by default. */
export const DOCKER_INSTANCES = DEFAULT_INSTANCES;
/** The port each instance listens on inside its container, and the balancer's published port. */
export const DOCKER_INSTANCE_PORT = 3000;
export const DOCKER_BALANCER_PORT = 8080;
export const DOCKER_REDIS_URL = "redis://redis:6379";

/** The compose service of instance `index` (0-based): `mcp1`, `mcp2`, … */
export function dockerService(index: number): string {
  return `mcp${index + 1}`;
}

const GENERATED = "# Generated from haproxy.cfg.template by `npm run cluster -- --write-docker-config`: edit the template, not this file.\n";

export function dockerHaproxyConfig(instances = DOCKER_INSTANCES): string {
  return (
    GENERATED +
    renderHaproxyConfig({
      bind: `:${DOCKER_BALANCER_PORT}`,
      servers: Array.from({ length: instances }, (_, index) => ({ name: serverName(index), address: `${dockerService(index)}:${DOCKER_INSTANCE_PORT}` })),
      checkHost: "localhost",
      // The official image runs HAProxy as an unprivileged user, who can write here.
      statsSocket: "/tmp/haproxy.sock",
    })
  );
}
