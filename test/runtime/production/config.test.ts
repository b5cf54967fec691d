/**
 * A bad runtime config fails start-up (exit 1) with every problem listed and its
 * source, never at the first request, and never prints a secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveRuntimeConfig, RuntimeConfigError } from "../../../packages/runtime/src/index.js";
import { start, startFails } from "./kit.js";

const folder = mkdtempSync(path.join(tmpdir(), "turbomcp-config-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function configFile(name: string, content: unknown): string {
  const file = path.join(folder, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("runtime config at start-up", { timeout: 60_000 }, () => {
  it("exits 1 listing every problem of the file and the environment, without the secrets", async () => {
    const file = configFile("bad.json", { prot: 3000, sessions: { maxSessions: "many" }, audit: { destination: "syslog" } });
    const { code, stderr } = await startFails(["--transport", "http", "--port", "0", "--config", file], {
      TURBOMCP_MAX_BODY_BYTES: "lots",
      TURBOMCP_REDIS_URL: "http://user:hunter2-password@cache:6379",
      TURBOMCP_METRICS_TOKEN: "two words",
    });
    expect(code).toBe(1);
    expect(stderr).toContain("invalid runtime configuration (6 problems)");
    expect(stderr).toContain(`${file} at /prot: unknown key`);
    expect(stderr).toContain(`${file} at /sessions/maxSessions: must be integer`);
    expect(stderr).toContain(`${file} at /audit/destination: must be one of "stdout", "stderr", "file"`);
    expect(stderr).toContain('TURBOMCP_MAX_BODY_BYTES: must be a whole number, got "lots"');
    expect(stderr).toContain("TURBOMCP_REDIS_URL: must be a redis:// or rediss:// URL");
    expect(stderr).toContain("TURBOMCP_METRICS_TOKEN: must be a non-empty token without whitespace");
    expect(stderr).not.toContain("hunter2");
    expect(stderr).not.toContain("two words");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 1 for a config file that is missing or not JSON, and for an unknown TURBOMCP_ variable", async () => {
    const missing = await startFails(["--transport", "http", "--config", path.join(folder, "absent.json")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("absent.json: the config file does not exist");
    const broken = await startFails(["--transport", "http"], { TURBOMCP_CONFIG: configFile("broken.json", "{ port: 1"), TURBOMCP_PROT: "1" });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("broken.json: not valid JSON");
    expect(broken.stderr).toContain("TURBOMCP_PROT: unknown setting");
  });

  it("prints a usage line naming the entry as started (node <entry>), on --help and after a bad flag", async () => {
    const bad = await startFails(["--transport", "carrier-pigeon"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/usage: node test\/runtime\/production\/fixture\/server\.ts \[--transport stdio\|/);
    expect(bad.stderr).not.toContain("<server>");
  });

  it("takes defaults < file < environment < flags", async () => {
    const file = configFile("layers.json", { port: 1, path: "/from-file", maxBodyBytes: 10 });
    const env = { TURBOMCP_PATH: "/from-env", TURBOMCP_CONFIG: "ignored-when-the-flag-names-a-file.json" };
    const resolved = resolveRuntimeConfig({ configFile: file, env, overrides: { port: 0 } });
    expect(resolved).toMatchObject({ port: 0, path: "/from-env", maxBodyBytes: 10, host: "127.0.0.1", configFile: file });
    const server = await start(["--transport", "http", "--port", "0", "--config", file], { TURBOMCP_PATH: "/from-env" });
    expect(new URL(server.url).pathname).toBe("/from-env");
    expect(await server.stop()).toBe(0);
  });

  it("reads trustLocalSockets from TURBOMCP_TRUST_LOCAL_SOCKETS, off by default", () => {
    expect(resolveRuntimeConfig({ env: {} }).trustLocalSockets).toBe(false);
    expect(resolveRuntimeConfig({ env: { TURBOMCP_TRUST_LOCAL_SOCKETS: "yes" } }).trustLocalSockets).toBe(true);
    expect(() => resolveRuntimeConfig({ env: { TURBOMCP_TRUST_LOCAL_SOCKETS: "maybe" } })).toThrow(/TURBOMCP_TRUST_LOCAL_SOCKETS: must be true or false/);
  });

  it("reports problems of code overrides with their pointer", () => {
    expect(() => resolveRuntimeConfig({ env: {}, overrides: { port: 70_000, trustProxy: "yes" as unknown as boolean } })).toThrow(RuntimeConfigError);
    try {
      resolveRuntimeConfig({ env: {}, overrides: { port: 70_000, trustProxy: "yes" as unknown as boolean } });
    } catch (error) {
      expect((error as RuntimeConfigError).problems).toEqual([
        { source: "overrides", pointer: "/port", message: "must be <= 65535" },
        { source: "overrides", pointer: "/trustProxy", message: "must be boolean or integer" },
      ]);
    }
  });
});
