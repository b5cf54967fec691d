/**
 * `npm run cluster -- [--instances 3] [--port 8080] …`: the reference deployment for
 * several instances on this machine (redis-server, N turbomcp instances, HAProxy),
 * in the foreground until Ctrl-C, which stops HAProxy, drains the instances and
 * stops Redis. A second Ctrl-C kills everything at once; SIGHUP restarts the
 * instances one by one without a failed request (rolling-restart.ts).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startLocalRedis, type LocalRedis } from "./redis.js";
import { DOCKER_HAPROXY_CONFIG, dockerHaproxyConfig } from "./docker.js";
import { rollingRestart } from "./rolling-restart.js";
import { DEFAULT_ENTRY } from "./instance.js";
import { DEFAULT_INSTANCES, startCluster, type Cluster } from "./topology.js";
import type { OutputListener } from "./process.js";

const USAGE = `usage: npm run cluster -- [options]

  --instances <n>       turbomcp instances (default ${DEFAULT_INSTANCES})
  --port <port>         the balancer's port (default 8080); instance i listens on port + i
  --host <address>      the address the balancer binds (default 127.0.0.1); beyond loopback,
                        set TURBOMCP_ALLOWED_HOSTS to the names clients use (and localhost)
  --entry <file>        the server entry each instance runs (default examples/everything)
  --redis-port <port>   port of the redis-server this script starts (default 6380)
  --redis-url <url>     use this Redis instead of starting one
  --verbose             also print HAProxy's access log and the instances' audit log
  --write-docker-config rewrite haproxy.docker.cfg (for docker-compose.yml) from the template, and exit
  --help`;

interface Options {
  readonly instances: number;
  readonly port: number;
  readonly host: string;
  readonly entry: string;
  readonly redisPort: number;
  readonly redisUrl: string | undefined;
  readonly verbose: boolean;
}

function integer(value: string, flag: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new Error(`${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
  return parsed;
}

function parseOptions(argv: readonly string[]): Options | "write-docker-config" | undefined {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      instances: { type: "string", default: String(DEFAULT_INSTANCES) },
      port: { type: "string", default: "8080" },
      host: { type: "string", default: "127.0.0.1" },
      entry: { type: "string", default: DEFAULT_ENTRY },
      "redis-port": { type: "string", default: "6380" },
      "redis-url": { type: "string" },
      verbose: { type: "boolean", default: false },
      "write-docker-config": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return undefined;
  if (values["write-docker-config"]) return "write-docker-config";
  const instances = integer(values.instances, "--instances", 1, 64);
  const port = integer(values.port, "--port", 1, 65535 - instances);
  return {
    instances,
    port,
    host: values.host,
    entry: path.resolve(values.entry),
    redisPort: integer(values["redis-port"], "--redis-port", 1, 65535),
    redisUrl: values["redis-url"],
    verbose: values.verbose,
  };
}

/** Prefixes each line with its source; HAProxy's access log (stdout) and the audit lines (stdout) only when verbose. */
function printer(verbose: boolean): OutputListener {
  return (source, stream, line) => {
    if (stream === "stdout" && !verbose) return;
    process.stderr.write(`[${source}] ${line}\n`);
  };
}

async function main(argv: readonly string[]): Promise<number> {
  let options: Options | "write-docker-config" | undefined;
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}\n`);
    return 1;
  }
  if (options === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options === "write-docker-config") {
    writeFileSync(DOCKER_HAPROXY_CONFIG, dockerHaproxyConfig());
    process.stdout.write(`wrote ${path.relative(process.cwd(), DOCKER_HAPROXY_CONFIG)}\n`);
    return 0;
  }
  const onOutput = printer(options.verbose);
  let redis: LocalRedis | undefined;
  let cluster: Cluster | undefined;
  const shutdown = async (): Promise<void> => {
    await cluster?.stop();
    await redis?.stop();
  };
  let signalled: (() => void) | undefined;
  const stopRequested = new Promise<void>((resolve) => (signalled = resolve));
  let signals = 0;
  const onSignal = (): void => {
    // A second signal exits at once; the exit hook of process.ts kills what is left.
    if (++signals > 1) process.exit(130);
    process.stderr.write("stopping: HAProxy, then the instances (they drain), then Redis; Ctrl-C again to kill them now\n");
    signalled?.();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let restarting: Promise<void> | undefined;
  process.on("SIGHUP", () => {
    if (cluster === undefined || restarting !== undefined || signals > 0) return;
    const started = cluster;
    restarting = rollingRestart(started, (line) => process.stderr.write(`rolling restart: ${line}\n`))
      .catch((error: Error) => void process.stderr.write(`rolling restart failed: ${error.message}\n`))
      .finally(() => (restarting = undefined));
  });

  try {
    if (options.redisUrl === undefined) redis = await startLocalRedis(options.redisPort, onOutput);
    const redisUrl = options.redisUrl ?? redis?.url ?? "";
    cluster = await startCluster({
      instances: options.instances,
      port: options.port,
      host: options.host,
      instancePorts: Array.from({ length: options.instances }, (_, index) => options.port + index + 1),
      entry: options.entry,
      redisUrl,
      onOutput,
    });
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    await shutdown();
    return 1;
  }
  const lines = [
    "",
    `turbomcp cluster: ${options.instances} instances behind HAProxy (round robin, no stickiness), sharing ${redis?.url ?? "the Redis given"}`,
    ...cluster.instances.map((instance) => `  ${instance.name}: ${instance.url}`),
    `HAProxy's runtime API: ${cluster.statsSocket}`,
    `MCP endpoint (balancer): ${cluster.url}`,
    `kill -HUP ${process.pid} restarts the instances one by one (rolling); Ctrl-C stops everything.`,
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  await stopRequested;
  await restarting;
  await shutdown();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
