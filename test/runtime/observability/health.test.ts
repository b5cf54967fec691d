import express from "express";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_HEALTH_LIVE_PATH,
  DEFAULT_HEALTH_PATH,
  DEFAULT_HEALTH_READY_PATH,
  createHealth,
  type Health,
  type HealthOptions,
} from "@turbomcp/runtime/observability";
import { type Loopback, recordingLogger, serveLoopback } from "./kit.js";

let servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

interface Probe {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/** A health instance served over real loopback HTTP at the default paths. */
async function served(options?: HealthOptions): Promise<{ health: Health; get: (path: string, init?: RequestInit) => Promise<Probe> }> {
  const health = createHealth({ logger: recordingLogger(), ...options });
  const server = await serveLoopback({
    [DEFAULT_HEALTH_LIVE_PATH]: health.handlers.live,
    [DEFAULT_HEALTH_READY_PATH]: health.handlers.ready,
    [DEFAULT_HEALTH_PATH]: health.handlers.details,
  });
  servers.push(server);
  return {
    health,
    async get(path, init) {
      const response = await fetch(`${server.url}${path}`, init);
      const text = await response.text();
      return { status: response.status, body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>), headers: response.headers };
    },
  };
}

describe("liveness and readiness", () => {
  it("is live from the start, and ready only between setReady(true) and draining", async () => {
    const { health, get } = await served();
    expect(health.state).toBe("starting");
    const live = await get(DEFAULT_HEALTH_LIVE_PATH);
    expect(live).toMatchObject({ status: 200, body: { status: "pass" } });
    expect(live.headers.get("cache-control")).toBe("no-store");
    expect(live.headers.get("content-type")).toBe("application/json; charset=utf-8");

    expect(await get(DEFAULT_HEALTH_READY_PATH)).toMatchObject({ status: 503, body: { status: "fail", state: "starting" } });
    health.setReady(true);
    expect(await get(DEFAULT_HEALTH_READY_PATH)).toMatchObject({ status: 200, body: { status: "pass", state: "ready" } });

    health.startDraining();
    expect(await get(DEFAULT_HEALTH_READY_PATH)).toMatchObject({ status: 503, body: { status: "fail", state: "draining" } });
    // Draining is final, and the process stays live so in-flight requests can finish.
    health.setReady(true);
    expect(health.state).toBe("draining");
    expect(await get(DEFAULT_HEALTH_READY_PATH)).toMatchObject({ status: 503, body: { state: "draining" } });
    expect((await get(DEFAULT_HEALTH_LIVE_PATH)).status).toBe(200);
  });

  it("can start ready, and setReady(false) takes readiness back", async () => {
    const { health, get } = await served({ ready: true });
    expect((await get(DEFAULT_HEALTH_READY_PATH)).status).toBe(200);
    health.setReady(false);
    expect(await get(DEFAULT_HEALTH_READY_PATH)).toMatchObject({ status: 503, body: { state: "starting" } });
  });

  it("answers HEAD without a body and other methods with 405 and Allow", async () => {
    const { get } = await served({ ready: true });
    const head = await get(DEFAULT_HEALTH_READY_PATH, { method: "HEAD" });
    expect(head).toMatchObject({ status: 200, body: {} });
    const post = await get(DEFAULT_HEALTH_LIVE_PATH, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("custom checks", () => {
  it("turns readiness false while a check fails, naming it, and true again when it recovers", async () => {
    let databaseUp = true;
    const logger = recordingLogger();
    const { health, get } = await served({ ready: true, logger, checks: { cache: () => true } });
    health.addCheck("database", () => ({ healthy: databaseUp, message: databaseUp ? "connected" : "connection refused" }));
    expect((await get(DEFAULT_HEALTH_READY_PATH)).status).toBe(200);

    databaseUp = false;
    expect(await get(DEFAULT_HEALTH_READY_PATH)).toMatchObject({ status: 503, body: { status: "fail", state: "ready", failing: ["database"] } });
    const details = await get(DEFAULT_HEALTH_PATH);
    expect(details.status).toBe(503);
    expect(details.body).toMatchObject({
      status: "fail",
      state: "ready",
      checks: { cache: { status: "pass" }, database: { status: "fail", message: "connection refused" } },
    });
    expect(details.body.uptimeSeconds).toEqual(expect.any(Number));
    expect((details.body.checks as Record<string, { durationMs: unknown }>).database!.durationMs).toEqual(expect.any(Number));

    databaseUp = true;
    expect((await get(DEFAULT_HEALTH_READY_PATH)).status).toBe(200);
    expect(await get(DEFAULT_HEALTH_PATH)).toMatchObject({
      status: 200,
      body: { status: "pass", checks: { database: { status: "pass", message: "connected" } } },
    });
    // Logged when the check started failing and when it recovered, not on every probe.
    expect(logger.errors.map((entry) => entry.message)).toEqual(['health check "database" failed: connection refused']);
    expect(logger.warnings).toEqual(['health check "database" passes again']);
  });

  it("counts a check that hangs as failed once its own timeout passes, aborting its signal", async () => {
    let aborted: unknown;
    let runs = 0;
    const { health, get } = await served({ ready: true });
    health.addCheck(
      "upstream",
      (signal) => {
        runs++;
        signal.addEventListener("abort", () => {
          aborted = signal.reason as unknown;
        });
        return new Promise<never>(() => {});
      },
      { timeoutMs: 50 },
    );
    health.addCheck("quick", async () => true);
    expect(await get(DEFAULT_HEALTH_READY_PATH)).toMatchObject({ status: 503, body: { failing: ["upstream"] } });
    expect(await get(DEFAULT_HEALTH_PATH)).toMatchObject({
      status: 503,
      body: { checks: { upstream: { status: "fail", message: "timed out after 50 ms" }, quick: { status: "pass" } } },
    });
    expect(aborted).toBeInstanceOf(Error);
    // The hung run is shared by later probes instead of piling up one stuck call each.
    expect(runs).toBe(1);
  });

  it("shares one run between concurrent probes", async () => {
    let runs = 0;
    let release!: () => void;
    const health = createHealth({ ready: true });
    health.addCheck(
      "slow",
      () => {
        runs++;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
      { timeoutMs: 60_000 },
    );
    const probes = [health.report(), health.isReady(), health.report()];
    await expect.poll(() => runs).toBe(1);
    release();
    const [first, ready, third] = await Promise.all(probes);
    expect([first, third].map((report) => (report as { status: string }).status)).toEqual(["pass", "pass"]);
    expect(ready).toBe(true);
    expect(runs).toBe(1);
    // The next probe starts a fresh run.
    const next = health.report();
    await expect.poll(() => runs).toBe(2);
    release();
    expect((await next).status).toBe("pass");
  });

  it("fails a check that throws without echoing the error to the probe, and logs the error", async () => {
    const logger = recordingLogger();
    const { health, get } = await served({ ready: true, logger });
    const error = new Error("redis://:SECRET-PASSWORD@10.0.0.5 refused");
    health.addCheck("redis", () => {
      throw error;
    });
    health.addCheck("queue", async () => false);
    const details = await get(DEFAULT_HEALTH_PATH);
    expect(details.body).toMatchObject({
      checks: { redis: { status: "fail", message: "check threw an error (see the server log)" }, queue: { status: "fail", message: "unhealthy" } },
    });
    expect(JSON.stringify(details.body)).not.toContain("SECRET");
    expect(logger.errors.find((entry) => entry.message.startsWith('health check "redis"'))?.error).toBe(error);
  });

  it("runs checks in /health even while starting, but readiness stays false", async () => {
    const { health, get } = await served();
    health.addCheck("database", () => true);
    expect(await get(DEFAULT_HEALTH_PATH)).toMatchObject({
      status: 503,
      body: { status: "fail", state: "starting", checks: { database: { status: "pass" } } },
    });
    expect(await health.isReady()).toBe(false);
    health.setReady(true);
    expect(await health.isReady()).toBe(true);
  });

  it("refuses duplicate names, empty names and bad timeouts when registering", () => {
    const health = createHealth();
    health.addCheck("db", () => true);
    expect(() => health.addCheck("db", () => true)).toThrow(/already registered/);
    expect(() => health.addCheck("", () => true)).toThrow(/non-empty name/);
    expect(() => health.addCheck("x", () => true, { timeoutMs: 0 })).toThrow(/positive number/);
    expect(() => createHealth({ timeoutMs: Number.NaN })).toThrow(/positive number/);
  });
});

describe("mounted in Express", () => {
  it("serves the same handlers as Express routes", async () => {
    const health = createHealth({ ready: true });
    const app = express();
    app.get(DEFAULT_HEALTH_LIVE_PATH, health.handlers.live);
    app.get(DEFAULT_HEALTH_READY_PATH, health.handlers.ready);
    app.get(DEFAULT_HEALTH_PATH, health.handlers.details);
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await fetch(`${base}${DEFAULT_HEALTH_LIVE_PATH}`)).status).toBe(200);
      health.startDraining();
      const ready = await fetch(`${base}${DEFAULT_HEALTH_READY_PATH}`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get("cache-control")).toBe("no-store");
      expect(await ready.json()).toEqual({ status: "fail", state: "draining" });
      expect(await (await fetch(`${base}${DEFAULT_HEALTH_PATH}`)).json()).toMatchObject({ state: "draining", checks: {} });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
