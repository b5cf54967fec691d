/**
 * Circuit breakers end to end: a server run through `runMain --transport http` in its
 * own process, the official SDK client, and a real HTTP upstream on loopback that the
 * test makes fail and recover. While a breaker is open, calls fail fast and no request
 * reaches the upstream; once `openMs` has passed, a bounded number of probes go
 * through; when they succeed the breaker closes. Metrics, `/health` and
 * `/health/ready` follow each step.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEntry, type Started } from "../production/kit.js";

const ENTRY = fileURLToPath(new URL("../../fixtures/runtime/dependency-server.ts", import.meta.url));

type Mode = "ok" | "fail" | "hold";

/** The upstream: per path, answers 200, answers 500, or holds requests until released; counts what reaches it. */
class Upstream {
  readonly modes = new Map<string, Mode>([
    ["/weather", "ok"],
    ["/geo", "ok"],
  ]);
  readonly hits = new Map<string, number>();
  readonly #held: ServerResponse[] = [];
  readonly #server: Server = createServer((req: IncomingMessage, res: ServerResponse) => this.#answer(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  count(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  get held(): number {
    return this.#held.length;
  }

  release(): void {
    for (const res of this.#held.splice(0)) res.end("sunny");
  }

  async stop(): Promise<void> {
    this.release();
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #answer(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? "/";
    this.hits.set(path, this.count(path) + 1);
    const mode = this.modes.get(path) ?? "fail";
    if (mode === "hold") this.#held.push(res);
    else if (mode === "ok") res.end(path === "/geo" ? "Lisbon" : "sunny");
    else res.writeHead(500).end("down");
  }
}

interface ToolAnswer {
  readonly text: string;
  readonly isError: boolean;
}

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  // Waits for a state, never asserts on time: the bound only stops a broken run.
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("ctx.dependency against a real upstream, through runMain and the SDK client", { timeout: 60_000 }, () => {
  const upstream = new Upstream();
  let server: Started;
  let client: Client;

  const call = async (name: string): Promise<ToolAnswer> => {
    const result = (await client.callTool({ name, arguments: {} })) as { content: { text: string }[]; isError?: boolean };
    return { text: result.content[0]?.text ?? "", isError: result.isError === true };
  };
  const health = async (path: "/health" | "/health/ready"): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${server.origin}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const metric = async (line: string): Promise<number | undefined> => {
    const text = await (await fetch(`${server.origin}/metrics`)).text();
    const found = text.split("\n").find((each) => each.startsWith(`${line} `));
    return found === undefined ? undefined : Number(found.slice(line.length + 1));
  };
  const weatherState = async (): Promise<unknown> => ((await health("/health")).body.dependencies as Record<string, { state: string }>).weather?.state;

  beforeAll(async () => {
    const url = await upstream.start();
    server = await startEntry(ENTRY, ["--transport", "http", "--port", "0"], { DEPENDENCY_UPSTREAM_URL: url });
    client = new Client({ name: "breaker-test", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await upstream.stop();
  });

  it("passes calls through while the upstream answers, and reports every breaker closed", async () => {
    expect(await call("forecast")).toEqual({ text: "sunny", isError: false });
    expect(await call("locate")).toEqual({ text: "Lisbon", isError: false });
    const report = await health("/health");
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      status: "pass",
      dependencies: { weather: { state: "closed", critical: true }, geo: { state: "closed", critical: false } },
    });
    expect(await metric('mcp_dependency_state{dependency="weather"}')).toBe(0);
    expect(await metric('mcp_dependency_failures_total{dependency="weather",reason="error"}')).toBe(0);
  });

  it("answers with the fallback when a non-critical upstream fails, then opens its breaker: /health degraded, still ready", async () => {
    upstream.modes.set("/geo", "fail");
    // With the success before it, 1 failure of 2 calls: 50 %, the threshold, at the minimum volume.
    expect(await call("locate")).toEqual({ text: "somewhere (fallback: error)", isError: false });
    const reached = upstream.count("/geo");
    // Open: the fallback answers and the upstream is not asked.
    expect(await call("locate")).toEqual({ text: "somewhere (fallback: open)", isError: false });
    expect(upstream.count("/geo")).toBe(reached);
    const report = await health("/health");
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ status: "warn", dependencies: { geo: { state: "open", critical: false, retryAt: expect.any(String) } } });
    expect((await health("/health/ready")).status).toBe(200);
    expect(await metric('mcp_dependency_state{dependency="geo"}')).toBe(2);
    expect(await metric('mcp_dependency_rejections_total{dependency="geo"}')).toBe(1);
  });

  it("opens a critical breaker after failures: calls fail fast with a clear tool error and reach no upstream; /health/ready fails", async () => {
    upstream.modes.set("/weather", "fail");
    // With the success before them, 2 failures of 3 calls: above 50 %, at the minimum volume.
    for (let index = 0; index < 2; index++) expect(await call("forecast")).toEqual({ text: "weather service answered 500", isError: true });
    const reached = upstream.count("/weather");
    const refused = await call("forecast");
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(
      /^Dependency "weather" is unavailable: its circuit breaker is open after repeated failures; it will be tried again in \d+ s \(at .+Z\)$/,
    );
    // Resources (like prompts and completions) get the same ctx: there it is a JSON-RPC error, -32015.
    await expect(client.readResource({ uri: "weather://now" })).rejects.toMatchObject({
      code: -32015,
      message: expect.stringContaining('Dependency "weather" is unavailable'),
    });
    expect(upstream.count("/weather")).toBe(reached);

    expect(await metric('mcp_dependency_state{dependency="weather"}')).toBe(2);
    expect(await metric('mcp_dependency_failures_total{dependency="weather",reason="error"}')).toBe(2);
    expect(await metric('mcp_dependency_rejections_total{dependency="weather"}')).toBe(2);
    const report = await health("/health");
    expect(report.status).toBe(503);
    expect(report.body).toMatchObject({ status: "fail", failingDependencies: ["weather"], dependencies: { weather: { state: "open", critical: true } } });
    const ready = await health("/health/ready");
    expect(ready).toEqual({ status: 503, body: { status: "fail", state: "ready", failing: [], failingDependencies: ["weather"] } });
    expect(server.stderr()).toMatch(/dependency "weather" circuit opened: calls are refused until \d{4}-/);
  });

  it("lets a bounded number of probes through once half-open, refuses the rest, and closes when they succeed", async () => {
    upstream.modes.set("/weather", "hold");
    await until("the weather breaker to go half-open", async () => (await weatherState()) === "half-open");
    // Half-open is not open: the instance is ready again while the probes decide.
    expect((await health("/health/ready")).status).toBe(200);
    expect(await metric('mcp_dependency_state{dependency="weather"}')).toBe(1);
    const before = upstream.count("/weather");
    const probes = [call("forecast"), call("forecast")];
    await until("both probes to reach the upstream", () => upstream.held === 2);
    const third = await call("forecast");
    expect(third.isError).toBe(true);
    expect(third.text).toBe('Dependency "weather" is unavailable: it is being probed after failures; try again shortly');
    expect(upstream.count("/weather")).toBe(before + 2);
    upstream.modes.set("/weather", "ok");
    upstream.release();
    expect(await Promise.all(probes)).toEqual([
      { text: "sunny", isError: false },
      { text: "sunny", isError: false },
    ]);

    expect(await weatherState()).toBe("closed");
    expect(await call("forecast")).toEqual({ text: "sunny", isError: false });
    expect(await metric('mcp_dependency_state{dependency="weather"}')).toBe(0);
    expect((await health("/health/ready")).status).toBe(200);
    // geo is still open: degraded, not failing.
    expect((await health("/health")).body).toMatchObject({ status: "warn", dependencies: { weather: { state: "closed" }, geo: { state: "open" } } });
    expect(server.stderr()).toContain('dependency "weather" circuit half-open: probing whether it recovered');
    expect(server.stderr()).toContain('dependency "weather" circuit closed: calls go through again');
  });

  it("refuses a dependency the manifest does not declare: Internal error to the client, the reason in the server log", async () => {
    expect(await call("undeclared")).toEqual({ text: "Internal error while running tool undeclared", isError: true });
    expect(server.stderr()).toContain('ctx.dependency("billing"): no dependency of that name in the manifest\'s "dependencies" (declared: "weather", "geo")');
  });
});
