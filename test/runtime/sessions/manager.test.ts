/** The session manager on its own: limits, expiry, request caps, eviction, analytics, the store write-behind. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ManagedSession,
  MemorySessionStore,
  SessionManager,
  type SessionEndReason,
  type SessionManagerOptions,
  type SessionStore,
} from "../../../packages/runtime/src/entries/http.js";
import { McpError, httpStatus, jsonRpcCode } from "../../../packages/runtime/src/index.js";

class TestSession extends ManagedSession {
  streams = 0;
  closed = 0;
  override get busy(): boolean {
    return this.streams > 0;
  }
  override close(): void {
    this.closed++;
  }
}

const managers: SessionManager<TestSession>[] = [];
const silent = { error: vi.fn(), warn: vi.fn() };

function manager(options: SessionManagerOptions<TestSession> = {}): { sessions: SessionManager<TestSession>; ended: [string, SessionEndReason][] } {
  const ended: [string, SessionEndReason][] = [];
  const sessions = new SessionManager<TestSession>({ logger: silent, onEnd: (session, reason) => ended.push([session.id, reason]), ...options });
  managers.push(sessions);
  return { sessions, ended };
}

function open(sessions: SessionManager<TestSession>, owner?: string): TestSession {
  const opened = sessions.open((id) => new TestSession(id), owner);
  if (opened instanceof McpError) throw opened;
  return opened;
}

beforeEach(() => {
  vi.useFakeTimers();
  silent.error.mockClear();
  silent.warn.mockClear();
});

afterEach(() => {
  for (const sessions of managers.splice(0)) sessions.close();
  vi.useRealTimers();
});

describe("SessionManager", () => {
  it("opens sessions with distinct crypto-random visible-ASCII ids and writes their records", async () => {
    const store = new MemorySessionStore();
    const { sessions } = manager({ store });
    const opened = Array.from({ length: 50 }, () => open(sessions, "user-1"));
    expect(new Set(opened.map((s) => s.id)).size).toBe(50);
    for (const { id } of opened) expect(id).toMatch(/^[\x21-\x7e]{32,}$/);
    await sessions.flush();
    expect(await store.count()).toBe(50);
    expect(await store.get(opened[0]!.id)).toMatchObject({ id: opened[0]!.id, requests: 1, owner: "user-1" });
  });

  it("refuses beyond maxSessions with server_busy (-32014, 503) and evicts nothing", () => {
    const { sessions, ended } = manager({ maxSessions: 2 });
    const [a, b] = [open(sessions), open(sessions)];
    const refused = sessions.open((id) => new TestSession(id));
    expect(refused).toBeInstanceOf(McpError);
    expect(refused).toMatchObject({ code: "server_busy", message: "Too many sessions: try again later" });
    expect([jsonRpcCode("server_busy"), httpStatus("server_busy")]).toEqual([-32014, 503]);
    expect(sessions.get(a.id)).toBe(a);
    expect(sessions.get(b.id)).toBe(b);
    expect(ended).toEqual([]);
    expect(sessions.stats()).toMatchObject({ active: 2, created: 2, refused: 1 });
    sessions.end(a);
    expect(sessions.open((id) => new TestSession(id))).toBeInstanceOf(TestSession);
  });

  it('with evict: "oldest-idle", ends the session idle longest, never a busy one', () => {
    const { sessions, ended } = manager({ maxSessions: 3, evict: "oldest-idle" });
    const busyOldest = open(sessions);
    busyOldest.streams = 1;
    vi.advanceTimersByTime(10);
    const idleOlder = open(sessions);
    vi.advanceTimersByTime(10);
    const idleNewer = open(sessions);
    const fourth = open(sessions);
    expect(ended).toEqual([[idleOlder.id, "evicted"]]);
    expect(idleOlder.closed).toBe(1);
    expect(sessions.get(busyOldest.id)).toBe(busyOldest);
    expect(sessions.get(idleNewer.id)).toBe(idleNewer);
    expect(sessions.get(fourth.id)).toBe(fourth);
    idleNewer.streams = 1;
    fourth.streams = 1;
    expect(sessions.open((id) => new TestSession(id))).toMatchObject({ code: "server_busy" });
    expect(sessions.stats()).toMatchObject({ evicted: 1, refused: 1, active: 3 });
  });

  it("ends sessions idle past the timeout at the next sweep, but not busy ones or ones used since", () => {
    const { sessions, ended } = manager({ idleTimeoutMs: 1_000 });
    const idle = open(sessions);
    const busy = open(sessions);
    const used = open(sessions);
    busy.streams = 1;
    vi.advanceTimersByTime(800);
    expect(sessions.use(used.id)).toBe(used);
    vi.advanceTimersByTime(800);
    expect(ended).toEqual([[idle.id, "expired"]]);
    expect(idle.closed).toBe(1);
    expect(sessions.use(idle.id)).toMatchObject({ code: "session_not_found" });
    vi.advanceTimersByTime(5_000);
    expect(ended.map(([id]) => id)).toEqual([idle.id, used.id]);
    expect(sessions.get(busy.id)).toBe(busy);
    // Idleness counts from when the stream closed (the transport stamps lastSeen).
    busy.streams = 0;
    busy.lastSeen = Date.now();
    vi.advanceTimersByTime(600);
    expect(sessions.get(busy.id)).toBe(busy);
    vi.advanceTimersByTime(1_000);
    expect(sessions.get(busy.id)).toBeUndefined();
    expect(sessions.stats()).toMatchObject({ expired: 3, ended: 3, active: 0 });
  });

  it("serves maxRequestsPerSession requests (the opening one included), then ends the session with a clear 404", () => {
    const { sessions, ended } = manager({ maxRequestsPerSession: 3, restartHint: "initialize a new session" });
    const session = open(sessions);
    expect(sessions.use(session.id)).toBe(session);
    expect(sessions.use(session.id)).toBe(session);
    const refused = sessions.use(session.id);
    expect(refused).toBeInstanceOf(McpError);
    expect(refused).toMatchObject({
      code: "session_not_found",
      message: "Session ended: it reached its limit of 3 requests; initialize a new session",
    });
    expect(ended).toEqual([[session.id, "request-limit"]]);
    expect(session.closed).toBe(1);
    expect(sessions.use(session.id)).toMatchObject({ message: "Session not found: initialize a new session" });
    expect(sessions.stats()).toMatchObject({ requestLimited: 1, requests: 3 });
  });

  it("answers a request from another principal as if the session did not exist, and keeps the session", () => {
    const { sessions } = manager();
    const session = open(sessions, "alice");
    expect(sessions.use(session.id, "mallory")).toMatchObject({ code: "session_not_found" });
    expect(sessions.use(session.id)).toMatchObject({ code: "session_not_found" });
    expect(sessions.use(session.id, "alice")).toBe(session);
    expect(session.requests).toBe(2);
  });

  it("records the negotiated protocol version and every request in the store", async () => {
    const store = new MemorySessionStore();
    const { sessions } = manager({ store });
    const session = open(sessions);
    sessions.update(session, { protocolVersion: "2025-06-18" });
    sessions.use(session.id);
    await sessions.flush();
    expect(await store.get(session.id)).toMatchObject({ protocolVersion: "2025-06-18", requests: 2 });
    sessions.end(session);
    await sessions.flush();
    expect(await store.get(session.id)).toBeUndefined();
  });

  it("keeps a live session's record in the store past its TTL, by rewriting it at each sweep", async () => {
    const store = new MemorySessionStore();
    const { sessions } = manager({ store, idleTimeoutMs: 1_000 });
    const session = open(sessions);
    session.streams = 1;
    vi.advanceTimersByTime(10_000);
    await sessions.flush();
    expect(await store.get(session.id)).toMatchObject({ id: session.id });
  });

  it("keeps analytics: created, ended by reason, average duration, requests", () => {
    const { sessions } = manager({ idleTimeoutMs: 1_000 });
    const a = open(sessions);
    const b = open(sessions);
    sessions.use(a.id);
    sessions.use(a.id);
    vi.advanceTimersByTime(200);
    sessions.end(a);
    b.streams = 1;
    vi.advanceTimersByTime(300);
    sessions.end(b, "closed");
    expect(sessions.stats()).toEqual({
      active: 0,
      created: 2,
      ended: 2,
      expired: 0,
      requestLimited: 0,
      evicted: 0,
      refused: 0,
      averageDurationMs: 350,
      requests: 4,
      restored: 0,
      released: 0,
    });
  });

  it("reports a failing store once per outage and goes on serving", async () => {
    let failing = true;
    const memory = new MemorySessionStore();
    const flaky: SessionStore = {
      save: (record, ttl) => (failing ? Promise.reject(new Error("store down")) : memory.save(record, ttl)),
      get: (id) => memory.get(id),
      delete: (id) => memory.delete(id),
      count: () => memory.count(),
      list: () => memory.list(),
    };
    const { sessions } = manager({ store: flaky });
    const session = open(sessions);
    sessions.use(session.id);
    sessions.use(session.id);
    await sessions.flush();
    expect(silent.error).toHaveBeenCalledTimes(1);
    expect(silent.error.mock.calls[0]?.[0]).toMatch(/session store write failed/);
    failing = false;
    expect(sessions.use(session.id)).toBe(session);
    await sessions.flush();
    expect(await memory.get(session.id)).toMatchObject({ requests: 4 });
    expect(silent.warn).toHaveBeenCalledWith("session store writes succeed again");
    failing = true;
    sessions.use(session.id);
    await sessions.flush();
    expect(silent.error).toHaveBeenCalledTimes(2);
  });

  it("logs an onEnd callback that throws, and still ends the session", () => {
    const { sessions } = manager({
      onEnd: () => {
        throw new Error("boom");
      },
    });
    const session = open(sessions);
    sessions.end(session);
    expect(sessions.size).toBe(0);
    expect(silent.error).toHaveBeenCalledWith("session onEnd callback failed", expect.any(Error));
  });

  it("close() ends every session with shutdown and refuses new ones", () => {
    const { sessions, ended } = manager();
    const [a, b] = [open(sessions), open(sessions)];
    sessions.close();
    expect(ended).toEqual([
      [a.id, "shutdown"],
      [b.id, "shutdown"],
    ]);
    expect(sessions.open((id) => new TestSession(id))).toMatchObject({ code: "server_shutting_down" });
  });

  it.each([
    [{ maxSessions: 0 }, /maxSessions must be a positive integer/],
    [{ idleTimeoutMs: 1.5 }, /idleTimeoutMs must be a positive integer/],
    [{ maxRequestsPerSession: -1 }, /maxRequestsPerSession must be a positive integer or Infinity/],
    [{ cleanupIntervalMs: Number.NaN }, /cleanupIntervalMs/],
    [{ evict: "lru" as "none" }, /evict must be "none" or "oldest-idle"/],
    [{ store: {} as SessionStore }, /store must implement SessionStore/],
  ])("refuses bad options at creation: %o", (options, message) => {
    expect(() => new SessionManager(options)).toThrow(message);
  });
});
