/**
 * One suite of interop scenarios for the official SDK v2 client against the
 * examples, run once per transport and protocol profile (sdk-v2-interop.test.ts,
 * sdk-v2-stateless.test.ts). Each scenario asserts what the server does in either
 * era; only how the client asks differs (helpers `logLevel`, `watchResource`), and
 * the first test of each group records the version the client ended up with.
 */
import { describe, expect, it } from "vitest";
import { type Profile, type TransportKind, watchResource } from "../helpers/sdk-v2.js";
import { describeEverythingScenarios } from "./sdk-v2-everything.js";
import { POLL, bare, expectNotFound, recordsVersion, usePeer } from "./sdk-v2-kit.js";

export function describeScenarios(kind: TransportKind, profile: Profile): void {
  describe("calculator", () => {
    const context = usePeer("calculator", kind, profile);
    recordsVersion(context, profile);

    it("lists the tools with their schemas and annotations", async () => {
      const { tools } = await context.peer.client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(["add", "divide", "sum"]);
      expect(tools[0]).toMatchObject({ title: "Add", annotations: { readOnlyHint: true, idempotentHint: true }, inputSchema: { required: ["a", "b"] } });
      expect(tools[1]?.outputSchema).toMatchObject({ required: ["quotient", "remainder"] });
    });

    it("calls tools: text, structured output, a tool error and invalid input", async () => {
      const { client } = context.peer;
      expect((await client.callTool({ name: "add", arguments: { a: 2, b: 3 } })).content).toEqual([{ type: "text", text: "5" }]);
      expect((await client.callTool({ name: "divide", arguments: { a: 17, b: 5 } })).structuredContent).toEqual({ quotient: 3, remainder: 2 });
      expect(await client.callTool({ name: "divide", arguments: { a: 1, b: 0 } })).toMatchObject({
        isError: true,
        content: [{ type: "text", text: "cannot divide by zero" }],
      });
      expect(await client.callTool({ name: "add", arguments: { a: "two", b: 3 } })).toMatchObject({ isError: true });
    });

    it("reports progress for a long sum in order, if at all", async () => {
      const values = Array.from({ length: 3000 }, (_, index) => index + 1);
      const progress: number[] = [];
      const result = await context.peer.client.callTool({ name: "sum", arguments: { values } }, { onprogress: (update) => progress.push(update.progress) });
      expect(result.structuredContent).toEqual({ total: 4_501_500, count: 3000 });
      // The client drops updates it reads in the same chunk as the result (as v1 does),
      // which a fast sum may well produce; those that arrive must be in order. The
      // everything example's progress tool pauses before answering, so every update counts there.
      expect(progress).toEqual([1000, 2000, 3000].slice(0, progress.length));
    });
  });

  describeEverythingScenarios(kind, profile);

  describe("notes", () => {
    const context = usePeer("notes", kind, profile);
    recordsVersion(context, profile);

    it("tells a watcher when a tool changes a resource, and stops when asked", async () => {
      const { peer } = context;
      const watching = await watchResource(peer, "notes://index");
      expect(watching.honored).toEqual(peer.modern() ? { resourceSubscriptions: ["notes://index"] } : {});
      const created = await peer.client.callTool({
        name: "create_note",
        arguments: { title: "Groceries", body: "Milk, eggs, coffee.", tags: ["personal", "todo"] },
      });
      expect(created.structuredContent).toEqual({ id: 1, title: "Groceries", tags: ["personal", "todo"], uri: "notes://1" });
      await expect.poll(() => peer.updates, POLL).toEqual(["notes://index"]);
      await watching.stop();
      // A round trip first, so this does not depend on the server applying a cancellation
      // before a request sent right behind it (over stdio it did not always: the listener
      // was dropped only once the listen handler had unwound).
      await peer.client.callTool({ name: "search_notes", arguments: { query: "milk" } });
      await peer.client.callTool({ name: "create_note", arguments: { title: "Release plan", body: "Ship on Friday." } });
      await peer.client.callTool({ name: "search_notes", arguments: { query: "plan" } });
      expect(peer.updates).toEqual(["notes://index"]);
    });

    it("reads the index, a note through its template, and refuses unknown or malformed ids", async () => {
      const { client } = context.peer;
      const [index] = (await client.readResource({ uri: "notes://index" })).contents;
      expect(index && "text" in index && JSON.parse(index.text)).toEqual([
        { id: 1, title: "Groceries", tags: ["personal", "todo"], uri: "notes://1" },
        { id: 2, title: "Release plan", tags: [], uri: "notes://2" },
      ]);
      expect((await client.readResource({ uri: "notes://2" })).contents).toEqual([
        { uri: "notes://2", mimeType: "text/markdown", text: "# Release plan\n\nShip on Friday.\n" },
      ]);
      for (const uri of ["notes://999", "notes://abc", "notes://0"]) await expectNotFound(client.readResource({ uri }), uri);
      expect((await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toEqual(["notes://{id}", "notes://tags/{tag}"]);
    });

    it("gets prompts built from the store and completes template variables", async () => {
      const { client } = context.peer;
      const summary = await client.getPrompt({ name: "summarize_note", arguments: { id: "1", style: "bullets" } });
      expect(summary.messages).toEqual([
        {
          role: "user",
          content: { type: "text", text: "Summarise this note as a short bulleted list:\n\n# Groceries\n\nMilk, eggs, coffee.\n\nTags: personal, todo\n" },
        },
      ]);
      await expect(client.getPrompt({ name: "summarize_note", arguments: { id: "999" } })).rejects.toMatchObject({ code: -32602 });
      const byTag = await client.complete({ ref: { type: "ref/resource", uri: "notes://tags/{tag}" }, argument: { name: "tag", value: "p" } });
      expect(byTag.completion.values).toEqual(["personal"]);
      const ids = await client.complete({ ref: { type: "ref/prompt", name: "summarize_note" }, argument: { name: "id", value: "" } });
      expect(ids.completion.values).toEqual(["1", "2"]);
    });
  });

  describe("fixture (roots)", () => {
    const context = usePeer("fixture", kind, profile);
    recordsVersion(context, profile);

    it("asks the client for its roots", async () => {
      const { peer } = context;
      peer.roots = [
        { uri: "file:///work", name: "work" },
        { uri: "file:///tmp", name: "tmp" },
      ];
      expect(bare(await peer.client.callTool({ name: "list_roots", arguments: {} }))).toEqual({
        content: [{ type: "text", text: "file:///work,file:///tmp" }],
      });
    });
  });
}
