/**
 * A shared live table across real instances: three processes through runMain on one
 * real redis-server, official SDK v1 clients on two of them. A flag flipped through a
 * tool call on one instance changes every instance's table, and a client connected to
 * another instance hears tools/list_changed on its own session and can call the new
 * tool there; an instance started later begins with the stored flag.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../helpers/redis-server.js";
import { type Started, startEntry } from "../production/kit.js";

const ENTRY = fileURLToPath(new URL("../../fixtures/runtime/shared-live-routes-server.ts", import.meta.url));

async function until(what: string, check: () => boolean): Promise<void> {
  // Waits for a state, never asserts on time: the bound only stops a broken run.
  for (let attempt = 0; attempt < 400; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("a shared live table across instances on Redis", { timeout: 90_000 }, () => {
  let redis: RedisServer;
  const instances: Started[] = [];
  const clients: Client[] = [];
  const start = async (): Promise<Started> => {
    const started = await startEntry(ENTRY, ["--transport", "http", "--port", "0"], { SHARED_LIVE_REDIS_URL: redis.url });
    instances.push(started);
    return started;
  };
  const connect = async (instance: Started, heard: string[]): Promise<Client> => {
    const client = new Client({ name: "shared-live-routes-test", version: "1" });
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void heard.push("tools"));
    await client.connect(new StreamableHTTPClientTransport(new URL(instance.url)));
    clients.push(client);
    return client;
  };
  const toolNames = async (client: Client): Promise<string[]> => (await client.listTools()).tools.map((tool) => tool.name);

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) await client.close();
    for (const instance of instances) await instance.stop();
    await redis?.stop();
  });

  it("an update on one instance reaches the sessions of another, and a late instance starts with it", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const heardA: string[] = [];
    const heardB: string[] = [];
    const onA = await connect(a, heardA);
    const onB = await connect(b, heardB);
    expect(await toolNames(onB)).toEqual(["enable_extra", "disable_extra"]);

    expect(await onA.callTool({ name: "enable_extra", arguments: {} })).toMatchObject({ content: [{ text: "enabled" }] });
    await until("tools/list_changed on the other instance's session", () => heardB.includes("tools"));
    expect(heardA).toContain("tools");
    expect(await toolNames(onB)).toEqual(["enable_extra", "disable_extra", "extra"]);
    expect(await onB.callTool({ name: "extra", arguments: {} })).toMatchObject({ content: [{ text: "extra is here" }] });

    const late = await start();
    const onLate = await connect(late, []);
    expect(await toolNames(onLate)).toEqual(["enable_extra", "disable_extra", "extra"]);

    heardA.length = 0;
    await onLate.callTool({ name: "disable_extra", arguments: {} });
    await until("tools/list_changed on the first instance", () => heardA.includes("tools"));
    expect(await toolNames(onA)).toEqual(["enable_extra", "disable_extra"]);
    expect(await toolNames(onB)).toEqual(["enable_extra", "disable_extra"]);
  });
});
