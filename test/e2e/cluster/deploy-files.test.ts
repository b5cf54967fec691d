/**
 * The reference deployment's files, without starting it: the HAProxy template
 * renders to a configuration HAProxy accepts (`haproxy -c`), docker-compose.yml
 * (which cannot run here) has the script's topology, and the haproxy.docker.cfg it
 * mounts is the template's rendering.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  COMPOSE_FILE,
  DOCKER_BALANCER_PORT,
  DOCKER_HAPROXY_CONFIG,
  DOCKER_INSTANCE_PORT,
  DOCKER_INSTANCES,
  DOCKER_REDIS_URL,
  dockerHaproxyConfig,
  dockerService,
} from "../../../deploy/cluster/docker.js";
import { findHaproxy } from "../../../deploy/cluster/haproxy-binary.js";
import { renderHaproxyConfig } from "../../../deploy/cluster/haproxy-config.js";
import { DEFAULT_ENTRY, REPO_ROOT } from "../../../deploy/cluster/instance.js";
import { clusterVariables, DEFAULT_INSTANCES } from "../../../deploy/cluster/topology.js";

interface ComposeService {
  readonly image?: string;
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly depends_on?: readonly string[];
}

const compose = parse(readFileSync(COMPOSE_FILE, "utf8")) as { services: Readonly<Record<string, ComposeService>> };
const instances = Array.from({ length: DOCKER_INSTANCES }, (_, index) => dockerService(index));

describe("the HAProxy template", () => {
  it("renders to a configuration HAProxy accepts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "turbomcp-haproxy-check-"));
    try {
      const file = path.join(dir, "haproxy.cfg");
      const servers = ["s1", "s2", "s3"].map((name, index) => ({ name, address: `127.0.0.1:${18_081 + index}` }));
      writeFileSync(file, renderHaproxyConfig({ bind: "127.0.0.1:18080", servers, checkHost: "localhost", statsSocket: path.join(dir, "haproxy.sock") }));
      const { stdout, stderr } = await promisify(execFile)(findHaproxy(), ["-c", "-f", file]);
      expect(`${stdout}${stderr}`).toMatch(/Configuration file is valid/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a placeholder it does not know", () => {
    const input = { bind: ":1", servers: [{ name: "s1", address: "a:1" }], checkHost: "localhost", statsSocket: "/tmp/s" };
    expect(() => renderHaproxyConfig(input, "bind {{bind}}\n{{bnid}}\n")).toThrow(/unknown placeholder \{\{bnid\}\}/);
  });
});

describe("docker-compose.yml", () => {
  it("has the script's topology: one Redis, as many instances as the script starts, HAProxy in front", () => {
    expect(DOCKER_INSTANCES).toBe(DEFAULT_INSTANCES);
    expect(Object.keys(compose.services).sort()).toEqual(["haproxy", "redis", ...instances].sort());
  });

  it("runs every instance on the script's entry, over HTTP, with the cluster's variables and one requestState key", () => {
    const secrets = new Set<string>();
    for (const name of instances) {
      const service = compose.services[name];
      expect(service?.command).toEqual([
        "node",
        "--import",
        "tsx",
        "--conditions=turbomcp-source",
        path.relative(REPO_ROOT, DEFAULT_ENTRY),
        "--transport",
        "http",
        "--host",
        "0.0.0.0",
        "--port",
        String(DOCKER_INSTANCE_PORT),
      ]);
      const environment = service?.environment ?? {};
      const secret = environment.TURBOMCP_REQUEST_STATE_SECRET ?? "";
      secrets.add(secret);
      expect(environment).toMatchObject(clusterVariables(DOCKER_REDIS_URL, secret));
      // Off loopback the instances need the Host names of the clients and of HAProxy's checks.
      expect(environment.TURBOMCP_ALLOWED_HOSTS?.split(",")).toContain("localhost");
    }
    expect([...secrets]).toEqual(["${TURBOMCP_REQUEST_STATE_SECRET:?32 random bytes or more, the same for every instance}"]);
  });

  it("publishes HAProxy on the balancer's port with haproxy.docker.cfg, which names every instance", () => {
    const haproxy = compose.services.haproxy;
    expect(haproxy?.ports).toEqual([`${DOCKER_BALANCER_PORT}:${DOCKER_BALANCER_PORT}`]);
    expect(haproxy?.volumes).toEqual([`./${path.basename(DOCKER_HAPROXY_CONFIG)}:/usr/local/etc/haproxy/haproxy.cfg:ro`]);
    expect(haproxy?.depends_on).toEqual(instances);
    const config = readFileSync(DOCKER_HAPROXY_CONFIG, "utf8");
    for (const name of instances) expect(config).toContain(`${name}:${DOCKER_INSTANCE_PORT}`);
    expect(config).toContain(`bind :${DOCKER_BALANCER_PORT}`);
  });

  it("mounts exactly what the template renders (npm run cluster -- --write-docker-config)", () => {
    expect(readFileSync(DOCKER_HAPROXY_CONFIG, "utf8")).toBe(dockerHaproxyConfig());
  });
});
