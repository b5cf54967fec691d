/**
 * Interop scenarios on the everything example (the conformance suite's server):
 * content kinds, logging, progress, sampling and elicitation, resources, prompts,
 * completion, cancellation, and tools that ask several things in one call.
 */
import { describe, expect, it } from "vitest";
import { type Peer, type Profile, type TransportKind, httpTransport, logLevel } from "../helpers/sdk-v2.js";
import { PNG_SIGNATURE, POLL, bare, expectNotFound, form, isModern, recordsVersion, usePeer } from "./sdk-v2-kit.js";

export function describeEverythingScenarios(kind: TransportKind, profile: Profile): void {
  describe("everything", () => {
    const context = usePeer("everything", kind, profile);
    recordsVersion(context, profile);

    it("sees the server's identity, instructions and capabilities", () => {
      const { client } = context.peer;
      expect(client.getServerVersion()).toMatchObject({ name: "everything", version: "1.0.0" });
      expect(client.getInstructions()).toMatch(/^A test fixture for MCP conformance/);
      expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {}, prompts: {}, completions: {}, logging: {} });
    });

    if (kind === "http") {
      it(isModern(profile) ? "needs no HTTP session" : "runs in an HTTP session", () => {
        const { sessionId } = httpTransport(context.peer);
        if (isModern(profile)) expect(sessionId).toBeUndefined();
        else expect(sessionId).toMatch(/^[\x21-\x7e]{32,}$/);
      });
    }

    it("returns every content kind", async () => {
      const { client } = context.peer;
      expect(bare(await client.callTool({ name: "test_simple_text", arguments: {} }))).toEqual({
        content: [{ type: "text", text: "This is a simple text response for testing." }],
      });
      const [image] = (await client.callTool({ name: "test_image_content", arguments: {} })).content;
      expect(image).toMatchObject({ type: "image", mimeType: "image/png" });
      expect(image?.type === "image" && Buffer.from(image.data, "base64").subarray(0, 8)).toEqual(PNG_SIGNATURE);
      const [audio] = (await client.callTool({ name: "test_audio_content", arguments: {} })).content;
      expect(audio).toMatchObject({ type: "audio", mimeType: "audio/wav" });
      expect(audio?.type === "audio" && Buffer.from(audio.data, "base64").subarray(8, 12).toString("latin1")).toBe("WAVE");
      expect((await client.callTool({ name: "test_embedded_resource", arguments: {} })).content).toEqual([
        { type: "resource", resource: { uri: "test://embedded-resource", mimeType: "text/plain", text: "This is an embedded resource content." } },
      ]);
      const mixed = await client.callTool({ name: "test_multiple_content_types", arguments: {} });
      expect(mixed.content.map((block) => block.type)).toEqual(["text", "image", "resource"]);
    });

    it("reports a failing tool as an isError result", async () => {
      expect(bare(await context.peer.client.callTool({ name: "test_error_handling", arguments: {} }))).toEqual({
        isError: true,
        content: [{ type: "text", text: "This tool intentionally returns an error for testing" }],
      });
    });

    it("sends log messages at the requested level and none below it", async () => {
      const { peer } = context;
      peer.logs.length = 0;
      const logged = await peer.client.callTool({ name: "test_tool_with_logging", arguments: {}, ...(await logLevel(peer, "debug")) });
      expect(logged.content).toEqual([{ type: "text", text: "Tool with logging executed successfully" }]);
      await expect.poll(() => peer.logs.length, POLL).toBe(3);
      expect(peer.logs.map((entry) => [entry.level, entry.data])).toEqual([
        ["info", "Tool execution started"],
        ["info", "Tool processing data"],
        ["info", "Tool execution completed"],
      ]);
      peer.logs.length = 0;
      await peer.client.callTool({ name: "test_tool_with_logging", arguments: {}, ...(await logLevel(peer, "error")) });
      // A later round trip on the same connection: had info messages gone out, they would be in by now.
      await peer.client.callTool({ name: "test_simple_text", arguments: {} });
      expect(peer.logs).toEqual([]);
    });

    it("delivers progress updates to the caller", async () => {
      const progress: [number, number | undefined][] = [];
      const result = await context.peer.client.callTool(
        { name: "test_tool_with_progress", arguments: {} },
        { onprogress: (update) => progress.push([update.progress, update.total]) },
      );
      expect(result.content).toEqual([{ type: "text", text: "Tool with progress executed successfully" }]);
      expect(progress).toEqual([
        [0, 100],
        [50, 100],
        [100, 100],
      ]);
    });

    it("asks the client's model through sampling, once", async () => {
      const { peer } = context;
      peer.samplings.length = 0;
      peer.sample = () => ({
        role: "assistant",
        content: { type: "text", text: "This is a test response from the client" },
        model: "test-model",
        stopReason: "endTurn",
      });
      const result = await peer.client.callTool({ name: "test_sampling", arguments: { prompt: "Test prompt for sampling" } });
      expect(bare(result)).toEqual({ content: [{ type: "text", text: "LLM response: This is a test response from the client" }] });
      expect(peer.samplings).toEqual([{ messages: [{ role: "user", content: { type: "text", text: "Test prompt for sampling" } }], maxTokens: 100 }]);
    });

    it("asks the user through elicitation, once, and hears accept and decline", async () => {
      const { peer } = context;
      peer.elicitations.length = 0;
      peer.elicit = () => ({ action: "accept", content: { username: "testuser", email: "test@example.com" } });
      const accepted = await peer.client.callTool({ name: "test_elicitation", arguments: { message: "Please provide your information" } });
      expect(accepted.content).toEqual([{ type: "text", text: 'User response: action=accept, content={"username":"testuser","email":"test@example.com"}' }]);
      expect(peer.elicitations.map(form)).toEqual([
        {
          message: "Please provide your information",
          requestedSchema: {
            type: "object",
            properties: { username: { type: "string", description: "User's response" }, email: { type: "string", description: "User's email address" } },
            required: ["username", "email"],
          },
        },
      ]);
      peer.elicit = () => ({ action: "decline" });
      const declined = await peer.client.callTool({ name: "test_elicitation", arguments: { message: "Again?" } });
      expect(declined.content).toEqual([{ type: "text", text: "User response: action=decline, content={}" }]);
    });

    it("elicits with SEP-1034 defaults and SEP-1330 enums the client accepts", async () => {
      const { peer } = context;
      peer.elicitations.length = 0;
      peer.elicit = () => ({ action: "accept", content: { name: "Jane Smith", age: 25, score: 88, status: "inactive", verified: false } });
      const defaults = await peer.client.callTool({ name: "test_elicitation_sep1034_defaults", arguments: {} });
      expect(defaults.content).toEqual([
        { type: "text", text: 'Elicitation completed: action=accept, content={"name":"Jane Smith","age":25,"score":88,"status":"inactive","verified":false}' },
      ]);
      expect(form(peer.elicitations[0])?.requestedSchema).toHaveProperty("properties.age", { type: "integer", description: "User age", default: 30 });
      peer.elicit = () => ({ action: "accept", content: { untitledSingle: "option2", titledMulti: ["value1", "value3"] } });
      const enums = await peer.client.callTool({ name: "test_elicitation_sep1330_enums", arguments: {} });
      expect(enums.content).toEqual([
        { type: "text", text: 'Elicitation completed: action=accept, content={"untitledSingle":"option2","titledMulti":["value1","value3"]}' },
      ]);
      expect(peer.elicitations).toHaveLength(2);
    });

    it("lists and reads resources and templates", async () => {
      const { client } = context.peer;
      expect((await client.listResources()).resources.map((resource) => resource.uri)).toEqual(
        expect.arrayContaining(["test://static-text", "test://static-binary", "test://watched-resource"]),
      );
      expect((await client.listResourceTemplates()).resourceTemplates).toMatchObject([
        { uriTemplate: "test://template/{id}/data", name: "template-data", mimeType: "application/json" },
      ]);
      expect((await client.readResource({ uri: "test://static-text" })).contents).toEqual([
        { uri: "test://static-text", mimeType: "text/plain", text: "This is the content of the static text resource." },
      ]);
      const [blob] = (await client.readResource({ uri: "test://static-binary" })).contents;
      expect(blob).toMatchObject({ uri: "test://static-binary", mimeType: "image/png" });
      expect(blob && "blob" in blob && Buffer.from(blob.blob, "base64").subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect((await client.readResource({ uri: "test://template/123/data" })).contents).toEqual([
        { uri: "test://template/123/data", mimeType: "application/json", text: '{"id":"123","templateTest":true,"data":"Data for ID: 123"}' },
      ]);
      await expectNotFound(client.readResource({ uri: "test://nothing-here" }), "test://nothing-here");
    });

    it("lists and gets prompts; a missing argument is invalid params", async () => {
      const { client } = context.peer;
      // The example grows with the conformance suite: these four must be there, in this order.
      const names = (await client.listPrompts()).prompts.map((prompt) => prompt.name);
      expect(names.filter((name) => /^test_(simple_prompt|prompt_with_)/.test(name))).toEqual([
        "test_simple_prompt",
        "test_prompt_with_arguments",
        "test_prompt_with_embedded_resource",
        "test_prompt_with_image",
      ]);
      expect((await client.getPrompt({ name: "test_simple_prompt" })).messages).toEqual([
        { role: "user", content: { type: "text", text: "This is a simple prompt for testing." } },
      ]);
      expect((await client.getPrompt({ name: "test_prompt_with_arguments", arguments: { arg1: "a", arg2: "b" } })).messages).toEqual([
        { role: "user", content: { type: "text", text: "Prompt with arguments: arg1='a', arg2='b'" } },
      ]);
      const embedded = await client.getPrompt({ name: "test_prompt_with_embedded_resource", arguments: { resourceUri: "test://example-resource" } });
      expect(embedded.messages[0]).toEqual({
        role: "user",
        content: { type: "resource", resource: { uri: "test://example-resource", mimeType: "text/plain", text: "Embedded resource content for testing." } },
      });
      expect((await client.getPrompt({ name: "test_prompt_with_image" })).messages.map((message) => message.content.type)).toEqual(["image", "text"]);
      await expect(client.getPrompt({ name: "test_prompt_with_arguments", arguments: { arg1: "a" } })).rejects.toMatchObject({ code: -32602 });
    });

    it("completes prompt arguments from a handler and from fixed values", async () => {
      const { client } = context.peer;
      const dynamic = await client.complete({ ref: { type: "ref/prompt", name: "test_prompt_with_arguments" }, argument: { name: "arg1", value: "test" } });
      expect(dynamic.completion.values).toEqual(["testValue1", "test"]);
      const fixed = await client.complete({ ref: { type: "ref/prompt", name: "test_prompt_with_arguments" }, argument: { name: "arg2", value: "w" } });
      expect(fixed.completion.values).toEqual(["world", "wide", "web"]);
    });

    it("cancels a running call when the caller aborts: no late reply, and the server keeps serving", async () => {
      const { peer } = context;
      const abort = new AbortController();
      const progress: number[] = [];
      const call = peer.client.callTool(
        { name: "test_tool_with_progress", arguments: {} },
        {
          signal: abort.signal,
          onprogress: (update) => {
            progress.push(update.progress);
            abort.abort(new Error("the caller gave up"));
          },
        },
      );
      await expect(call).rejects.toThrow("the caller gave up");
      expect(progress).toEqual([0]);
      // This call starts after the cancelled one and runs as long, so it ends after the
      // cancelled run would have: a reply to that run would have reached the client
      // first, and the client reports replies to requests it no longer waits for.
      const after = await peer.client.callTool({ name: "test_tool_with_progress", arguments: {} });
      expect(after.content).toEqual([{ type: "text", text: "Tool with progress executed successfully" }]);
      expect(peer.errors.map((error) => error.message).filter((message) => /unknown message ID/i.test(message))).toEqual([]);
    });
  });

  describe("everything: several asks in one call", () => {
    const context = usePeer("everything", kind, profile);
    recordsVersion(context, profile);

    /** Rounds the client reports while it fulfils 2026-07-28 input requests (none on a session, where asks are requests). */
    function rounds(progress: { message?: string | undefined }[]): number {
      return progress.filter((update) => update.message?.startsWith("Fulfilling input required") === true).length;
    }

    function answerAll(peer: Peer): void {
      peer.elicitations.length = 0;
      peer.samplings.length = 0;
      peer.elicit = (params) => {
        const message = form(params)?.message ?? "";
        if (message.includes("favorite color")) return { action: "accept", content: { color: "green" } };
        if (message.includes("confirm")) return { action: "accept", content: { ok: true } };
        if (message.includes("context")) return { action: "accept", content: { context: "MCP interop" } };
        return { action: "accept", content: { name: "Ada" } };
      };
      peer.sample = () => ({ role: "assistant", content: { type: "text", text: "Hello from the model" }, model: "test-model" });
      peer.roots = [
        { uri: "file:///work", name: "work" },
        { uri: "file:///tmp", name: "tmp" },
      ];
    }

    it("answers an elicitation, a sampling request and a roots request made together, each once", async () => {
      const { peer } = context;
      answerAll(peer);
      const progress: { message?: string | undefined }[] = [];
      const result = await peer.client.callTool(
        { name: "test_input_required_result_multiple_inputs", arguments: {} },
        { onprogress: (update) => progress.push(update) },
      );
      expect(result.content).toEqual([{ type: "text", text: "Name: Ada; greeting: Hello from the model; roots: file:///work, file:///tmp" }]);
      expect(form(peer.elicitations[0])).toEqual({
        message: "What is your name?",
        requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
      });
      expect(peer.elicitations).toHaveLength(1);
      expect(peer.samplings).toEqual([{ messages: [{ role: "user", content: { type: "text", text: "Generate a greeting" } }], maxTokens: 50 }]);
      expect(rounds(progress)).toBe(peer.modern() ? 1 : 0);
    });

    it("asks a second question that depends on the first answer, never repeating the first", async () => {
      const { peer } = context;
      answerAll(peer);
      const progress: { message?: string | undefined }[] = [];
      const result = await peer.client.callTool(
        { name: "test_input_required_result_multi_round", arguments: {} },
        { onprogress: (update) => progress.push(update) },
      );
      expect(result.content).toEqual([{ type: "text", text: "Hello, Ada! Your favorite color is green." }]);
      expect(peer.elicitations.map((params) => form(params)?.message)).toEqual(["Step 1: What is your name?", "Step 2: What is your favorite color?"]);
      expect(rounds(progress)).toBe(peer.modern() ? 2 : 0);
    });

    it("carries earlier answers across rounds (request state), asks for roots alone, and asks only what the client declared", async () => {
      const { peer } = context;
      answerAll(peer);
      const confirmed = await peer.client.callTool({ name: "test_input_required_result_request_state", arguments: {} });
      expect(confirmed.content).toEqual([{ type: "text", text: "state-ok: confirmed=true" }]);
      const roots = await peer.client.callTool({ name: "test_input_required_result_list_roots", arguments: {} });
      expect(roots.content).toEqual([{ type: "text", text: "Client roots: file:///work, file:///tmp" }]);
      const declared = await peer.client.callTool({ name: "test_input_required_result_capabilities", arguments: {} });
      expect(declared.content).toEqual([
        { type: "text", text: "Asked only for what the client declared. elicitation: Ada; sampling: Hello from the model; roots: file:///work, file:///tmp" },
      ]);
    });

    it("elicits while building a prompt", async () => {
      const { peer } = context;
      answerAll(peer);
      const prompt = await peer.client.getPrompt({ name: "test_input_required_result_prompt" });
      expect(prompt.description).toBe("A prompt built from the context the user gave");
      expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Answer using this context: MCP interop" } }]);
      expect(peer.elicitations.map((params) => form(params)?.message)).toEqual(["What context should the prompt use?"]);
    });
  });
}
