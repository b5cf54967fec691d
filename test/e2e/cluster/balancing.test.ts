/**
 * The reference deployment (3 instances of examples/everything, one Redis, HAProxy
 * in round robin without stickiness) serves a client as one server: consecutive
 * requests land on different instances, and the official SDK v2 client speaking
 * the stateless 2026-07-28 protocol lists, calls, reads and gets prompts through the
 * balancer, with an input_required round whose retry lands on another instance.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCluster } from "../../helpers/cluster.js";
import { connectSdk, send, type SdkPeer } from "./kit.js";

const cluster = useCluster();

describe("requests through the balancer", () => {
  it("are spread round robin: consecutive requests land on different instances", async () => {
    const backends: (string | undefined)[] = [];
    for (let i = 0; i < 9; i++) {
      const outcome = await send(cluster().url, "tools/list");
      expect(outcome.ok, outcome.failure).toBe(true);
      backends.push(outcome.backend);
    }
    expect(new Set(backends)).toEqual(new Set(["s1", "s2", "s3"]));
    for (let i = 1; i < backends.length; i++) expect(backends[i], `request ${i} after ${String(backends[i - 1])}`).not.toBe(backends[i - 1]);
    // Round robin: each instance once in every three consecutive requests.
    for (const backend of ["s1", "s2", "s3"]) expect(backends.filter((b) => b === backend)).toHaveLength(3);
  });
});

describe("the official SDK v2 client, 2026-07-28 (stateless)", () => {
  let peer: SdkPeer;
  beforeAll(async () => {
    peer = await connectSdk(cluster().url);
  });
  afterAll(async () => {
    await peer?.client.close();
  });

  it("lists and calls tools, reads a resource and gets a prompt, on several instances", async () => {
    expect(peer.client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
    const tools = await peer.client.listTools();
    expect(tools.tools.map((tool) => tool.name)).toContain("greet");
    const greeting = await peer.client.callTool({ name: "greet", arguments: { name: "cluster" } });
    expect(greeting.isError ?? false).toBe(false);
    expect(JSON.stringify(greeting.content)).toContain("cluster");
    const resource = await peer.client.readResource({ uri: "test://static-text" });
    expect(resource.contents[0]?.uri).toBe("test://static-text");
    const prompt = await peer.client.getPrompt({ name: "test_prompt_with_arguments", arguments: { arg1: "one", arg2: "two" } });
    expect(JSON.stringify(prompt.messages)).toContain("one");
    expect(new Set(peer.backends).size, peer.backends.join(",")).toBeGreaterThan(1);
  });

  it("answers an input_required round whose retry lands on another instance (one requestState key for all)", async () => {
    peer.elicit = () => ({ action: "accept", content: { name: "Ada" } });
    const before = peer.backends.length;
    const result = await peer.client.callTool({ name: "test_input_required_result_elicitation", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "Hello, Ada!" }]);
    // The first call and its retry: two requests, consecutive in round robin, so on two instances.
    const rounds = peer.backends.slice(before);
    expect(rounds).toHaveLength(2);
    expect(rounds[0]).not.toBe(rounds[1]);
  });
});
