/** What one measurement produced, the shape of the `--json` file's rows. */

export type WorkloadId =
  | "call"
  | "call-1000"
  | "call-tenancy"
  | "call-middleware"
  | "call-auth"
  | "list-1000"
  | "handshakes"
  | "idle-session"
  | "heap-growth"
  | "stdio-call"
  | "cluster-call"
  | "cluster-notify"
  | "cold-start"
  | "install-size";

export const WORKLOAD_LABELS: Readonly<Record<WorkloadId, string>> = {
  call: "tools/call add",
  "call-1000": "tools/call add, 1,000 tools registered",
  "call-tenancy": "tools/call add with tenancy on (alternating with the same server without)",
  "call-middleware": "tools/call add behind three trivial middleware (alternating with the same server without)",
  "call-auth": "tools/call add with auth required: API key vs JWT bearer (alternating runs, one token throughout)",
  "list-1000": "tools/list, 1,000 tools",
  handshakes: "sequential session initialisations",
  "idle-session": "idle memory per session",
  "heap-growth": "heap growth per tools/call",
  "stdio-call": "stdio tools/call add",
  "cluster-call": "tools/call add through HAProxy: 1 instance with its state in memory vs 2 sharing Redis (alternating runs)",
  "cluster-notify": "resource update notification on a session's GET stream: from the triggering POST to its arrival",
  "cold-start": "cold start: spawn to initialize reply over stdio, plain node",
  "install-size": "install size: npm install --omit=dev of a server project",
};

export interface ResultRow {
  readonly target: string;
  readonly label: string;
  readonly workload: WorkloadId;
  /** Connections (HTTP) or requests in flight (stdio); absent for memory workloads. */
  readonly concurrency?: number;
  readonly requestsPerSecond?: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  /** `cold-start`: p90 and fastest of the spawns (the median is p50Ms); `cluster-notify`: p90 of the samples. */
  readonly p90Ms?: number;
  readonly minMs?: number;
  /**
   * Server CPU time (user + system) per request during the measured run, µs: what a
   * request costs the server, whatever the load generator could keep up with.
   */
  readonly serverCpuMicros?: number;
  /** Server RSS after the workload, MiB. */
  readonly rssMb?: number;
  /** Memory workloads: bytes per session or per request; `install-size`: bytes of node_modules. */
  readonly bytes?: number;
  /** `install-size`: packages in node_modules. */
  readonly packages?: number;
  /** `install-size`: the compilers and generators found in node_modules (none is the aim). */
  readonly compilers?: readonly string[];
  /** `install-size`: whether the server started from that install alone and answered `initialize` (checked for turbomcp). */
  readonly startsFromInstall?: boolean;
  /** Why the workload was not run, when that is no failure (e.g. no registry in a smoke run). */
  readonly skipped?: string;
  /** How many requests, sessions or calls the figure rests on. */
  readonly count?: number;
  /** Errors, non-2xx answers and wrong answers; any is a failed run. */
  readonly failures: number;
  /** Why the workload could not run. */
  readonly error?: string;
  /**
   * A paired workload's baseline: req/s of the server it is compared with in the same
   * alternating runs (see measure.ts). `call-1000`: the 1-tool server, for "≥ 95% of 1
   * tool"; `call-tenancy`: the same server without tenancy, for "within 10%";
   * `call-middleware`: the same server without middleware, for "at most 5% slower";
   * `call-auth`: the same server with an API key scheme, for "JWT within 10% of API keys";
   * `cluster-call`: the deployment with its state in memory, for "Redis costs at most 15%".
   */
  readonly pairedBaselineRps?: number;
  /** `call-tenancy`, `call-middleware`, `call-auth`, `cluster-call`: the median over the alternating pairs of measured / baseline req/s, the figure its target is judged on. */
  readonly pairedRatio?: number;
}

/** What one load run measured, over HTTP or stdio. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly total: number;
  /** Connection errors, timeouts, non-2xx answers and wrong answers. */
  readonly failures: number;
  /** Server CPU µs per request over the measured run, when the server's CPU time could be read. */
  readonly serverCpuMicros?: number;
}
