import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAuditLog, type AuditLog } from "@turbomcp/runtime/observability";
import { type Caller, type RequestRecord } from "@turbomcp/runtime";
import { REPO_ROOT } from "../helpers/spawn-fixture.js";
import { record, recordingLogger } from "./kit.js";

const SECRETS = {
  bearer: "eyJhbGciOiJIUzI1NiJ9.SECRET-BEARER.sig",
  claim: "SECRET-CLAIM-VALUE",
  session: "SECRET-SESSION-ID",
  password: "SECRET-PASSWORD",
  nestedToken: "SECRET-NESTED-TOKEN",
  apiKey: "SECRET-API-KEY",
  card: "4111111111111111",
  requestState: "SECRET-REQUEST-STATE",
};

const alice: Caller = {
  principal: { subject: "alice", scopes: ["notes:read"], scheme: "jwt", claims: { sub: "alice", access_token: SECRETS.bearer, email: SECRETS.claim } },
  tenant: { id: "acme", policy: {} },
  sessionId: SECRETS.session,
};

/** A record as a dispatcher that also passes arguments would build it. */
function withArguments(args: unknown): RequestRecord {
  return Object.assign(record({ caller: alice }), { arguments: args });
}

let dir: string;
let logs: AuditLog[];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "turbomcp-audit-"));
  logs = [];
});
afterEach(async () => {
  await Promise.all(logs.map((log) => log.close()));
  rmSync(dir, { recursive: true, force: true });
});

function fileAudit(options: Omit<Parameters<typeof createAuditLog>[0] & object, "destination"> = {}): { audit: AuditLog; file: string } {
  const file = path.join(dir, "logs", "audit.log");
  const audit = createAuditLog({ ...options, destination: { file } });
  logs.push(audit);
  return { audit, file };
}

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("audit log lines", () => {
  it("writes one JSON line per request with who, what, how long and how it ended", async () => {
    const { audit, file } = fileAudit();
    audit.onRequest(record({ caller: alice, durationMs: 3.14159 }));
    audit.onRequest(record({ method: "resources/read", target: "notes://1", outcome: "error", errorCode: -32002, durationMs: 1 }));
    audit.onRequest(record({ method: "prompts/get", target: "summarise", outcome: "timeout" }));
    audit.onRequest(record({ method: "tools/list", target: undefined }));
    await audit.flush();

    const [call, read, prompt, list] = lines(file);
    expect(call).toMatchObject({
      level: "info",
      msg: "mcp request",
      method: "tools/call",
      tool: "add",
      principal: "alice",
      scheme: "jwt",
      tenant: "acme",
      protocolVersion: "2025-11-25",
      outcome: "ok",
      durationMs: 3.142,
    });
    expect(new Date(call!.time as string).toISOString()).toBe(call!.time);
    expect(call).not.toHaveProperty("errorCode");
    expect(read).toMatchObject({ method: "resources/read", resource: "notes://1", outcome: "error", errorCode: -32002 });
    expect(read).not.toHaveProperty("principal");
    expect(read).not.toHaveProperty("tenant");
    expect(prompt).toMatchObject({ prompt: "summarise", outcome: "timeout" });
    expect(list).toMatchObject({ method: "tools/list" });
    expect(Object.keys(list!).filter((key) => ["tool", "target", "resource", "prompt"].includes(key))).toEqual([]);
  });

  it("appends to an existing file and replaces pid/hostname with the given base fields", async () => {
    const file = path.join(dir, "audit.log");
    writeFileSync(file, `${JSON.stringify({ earlier: true })}\n`);
    const audit = createAuditLog({ destination: { file }, base: { service: "notes" } });
    logs.push(audit);
    audit.onRequest(record());
    await audit.flush();
    const [earlier, line] = lines(file);
    expect(earlier).toEqual({ earlier: true });
    expect(line).toMatchObject({ service: "notes", method: "tools/call" });
    expect(line).not.toHaveProperty("pid");
    expect(line).not.toHaveProperty("hostname");
  });

  it("writes to any stream with write() and stops logging once closed", async () => {
    const written: string[] = [];
    const audit = createAuditLog({ destination: { write: (line: string) => written.push(line) } });
    audit.onRequest(record());
    await audit.close();
    audit.onRequest(record({ target: "after-close" }));
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0]!)).toMatchObject({ tool: "add" });
  });

  it("writes the lines still waiting in the batch window when the process exits at once", () => {
    const file = path.join(dir, "exit.log");
    // A real process: process.exit() right after the lines, with no flush and no turn of the event loop.
    const script = `
      import { createAuditLog } from "@turbomcp/runtime/observability";
      const audit = createAuditLog({ destination: { file: ${JSON.stringify(file)} } });
      for (let index = 0; index < 3; index++) {
        audit.onRequest({ method: "tools/call", target: "t" + index, protocolVersion: "2025-11-25", outcome: "ok", durationMs: 1, caller: { principal: undefined, tenant: undefined } });
      }
      process.exit(0);`;
    execFileSync(process.execPath, ["--import", "tsx", "--conditions=turbomcp-source", "--input-type=module", "-e", script], { cwd: REPO_ROOT, stdio: "pipe" });
    expect(lines(file).map((line) => line.tool)).toEqual(["t0", "t1", "t2"]);
  });

  it("flushes many lines written back to back, none lost or torn", async () => {
    const { audit, file } = fileAudit();
    for (let i = 0; i < 2_000; i++) audit.onRequest(record({ target: `tool_${i}` }));
    await audit.flush();
    const written = lines(file);
    expect(written).toHaveLength(2_000);
    expect(written.map((line) => line.tool)).toEqual(Array.from({ length: 2_000 }, (_, i) => `tool_${i}`));
  });

  it("cuts a huge target instead of writing it whole", async () => {
    const { audit, file } = fileAudit();
    audit.onRequest(record({ method: "resources/read", target: `notes://${"x".repeat(100_000)}` }));
    await audit.flush();
    expect((lines(file)[0]!.resource as string).length).toBeLessThan(600);
  });
});

describe("audit log secrets", () => {
  it("never writes credentials, claims, session ids or arguments by default", async () => {
    const { audit, file } = fileAudit();
    audit.onRequest(withArguments({ note: "PLAIN-ARGUMENT", password: SECRETS.password }));
    await audit.flush();
    const text = readFileSync(file, "utf8");
    expect(text).toContain('"principal":"alice"');
    for (const secret of [SECRETS.bearer, SECRETS.claim, SECRETS.session, SECRETS.password, "PLAIN-ARGUMENT"]) expect(text).not.toContain(secret);
  });

  it("logs arguments only on opt-in, redacting secret keys at any depth and the named paths", async () => {
    const { audit, file } = fileAudit({ arguments: { redact: ["card.number", "contacts[*].phone"] } });
    audit.onRequest(
      withArguments({
        title: "groceries",
        password: SECRETS.password,
        nested: { list: [{ deeper: { access_token: SECRETS.nestedToken } }] },
        "API-KEY": SECRETS.apiKey,
        requestState: SECRETS.requestState,
        card: { number: SECRETS.card, holder: "A. Smith" },
        contacts: [{ name: "Bob", phone: "555-0100" }],
        blob: "y".repeat(5_000),
      }),
    );
    await audit.flush();
    const text = readFileSync(file, "utf8");
    for (const secret of [
      SECRETS.password,
      SECRETS.nestedToken,
      SECRETS.apiKey,
      SECRETS.requestState,
      SECRETS.card,
      "555-0100",
      SECRETS.bearer,
      SECRETS.session,
    ]) {
      expect(text).not.toContain(secret);
    }
    const [line] = lines(file);
    expect(line!.arguments).toMatchObject({
      title: "groceries",
      password: "[redacted]",
      nested: { list: [{ deeper: { access_token: "[redacted]" } }] },
      card: { number: "[redacted]", holder: "A. Smith" },
      contacts: [{ name: "Bob", phone: "[redacted]" }],
    });
    expect((line!.arguments as { blob: string }).blob).toMatch(/^y{1024}…\[5000 chars\]$/);
  });
});

describe("audit log destinations", () => {
  it("refuses stdout on the stdio transport, where stdout is the protocol", () => {
    expect(() => createAuditLog({ stdio: true, destination: "stdout" })).toThrow(/stdout carries the MCP protocol/);
  });

  it("fails at creation, naming the file, when the file cannot be opened", () => {
    const blocker = path.join(dir, "not-a-dir");
    writeFileSync(blocker, "");
    expect(() => createAuditLog({ destination: { file: path.join(blocker, "audit.log") } })).toThrow(
      /audit log: cannot open .*not-a-dir.*audit\.log for appending \(E/,
    );
  });

  it("rejects a destination that cannot be written to", () => {
    expect(() => createAuditLog({ destination: {} as never })).toThrow(/destination must be/);
  });

  it.skipIf(!existsSync("/dev/full"))("reports the first write failure once, without crashing, and flush still resolves", async () => {
    const logger = recordingLogger();
    // Every write to /dev/full fails with ENOSPC, like a full disk.
    const audit = createAuditLog({ destination: { file: "/dev/full" }, logger });
    logs.push(audit);
    audit.onRequest(record());
    await audit.flush();
    audit.onRequest(record());
    audit.onRequest(record());
    await audit.flush();
    expect(logger.errors.map((entry) => entry.message)).toEqual(["audit log: writing failed; audit lines are being lost"]);
    expect(logger.errors[0]!.error).toMatchObject({ code: "ENOSPC" });
  });
});
