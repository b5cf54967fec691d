/**
 * resources/subscribe and resources/unsubscribe (server/resources, "Subscriptions"):
 * subscribers hear `notifications/resources/updated`, others do not, and the
 * subscription ends with unsubscribe or with the connection.
 */
import { describe, expect, it } from "vitest";
import { notifyResourceUpdated } from "../../packages/runtime/src/index.js";
import { routes } from "../fixtures/runtime/routes.js";
import { memoryClient } from "./helpers/memory-client.js";

const updates = (client: ReturnType<typeof memoryClient>) =>
  client.notifications("notifications/resources/updated").map((message) => ("params" in message ? message.params : undefined));

describe("resource subscriptions", () => {
  it("advertise subscribe in the resources capability", async () => {
    const client = memoryClient(routes);
    const reply = await client.initialize();
    expect(reply.result?.capabilities).toMatchObject({ resources: { subscribe: true } });
  });

  it("deliver updates to subscribers only, for fixed resources and template URIs", async () => {
    const subscriber = memoryClient(routes);
    const bystander = memoryClient(routes);
    await subscriber.initialize();
    await bystander.initialize();
    expect((await subscriber.request("resources/subscribe", { uri: "docs://readme" })).result).toEqual({});
    expect((await subscriber.request("resources/subscribe", { uri: "notes://7" })).result).toEqual({});
    expect(subscriber.server.notifyResourceUpdated("docs://readme")).toBe(1);
    expect(notifyResourceUpdated("notes://7")).toBeGreaterThanOrEqual(1);
    notifyResourceUpdated("notes://8");
    expect(updates(subscriber)).toEqual([{ uri: "docs://readme" }, { uri: "notes://7" }]);
    expect(updates(bystander)).toEqual([]);
  });

  it("stop after unsubscribe and after the connection ends", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    await client.request("resources/subscribe", { uri: "docs://readme" });
    await client.request("resources/unsubscribe", { uri: "docs://readme" });
    expect(client.server.notifyResourceUpdated("docs://readme")).toBe(0);
    await client.request("resources/subscribe", { uri: "docs://readme" });
    client.server.disconnect(client.peer);
    expect(client.server.notifyResourceUpdated("docs://readme")).toBe(0);
    expect(updates(client)).toEqual([]);
  });

  it.each([
    { name: "an unknown URI", params: { uri: "nowhere://x" }, code: -32002 },
    { name: "a template URI whose variables are invalid", params: { uri: "notes://abc" }, code: -32002 },
    { name: "no uri", params: {}, code: -32602 },
  ])("refuse $name", async (test) => {
    const client = memoryClient(routes);
    await client.initialize();
    const reply = await client.request("resources/subscribe", test.params);
    expect(reply.error?.code).toBe(test.code);
  });
});
