/**
 * The everything example's tools for the 2026-07-28 scenarios, checked over a
 * session with the SDK v1 client. On 2026-07-28 their asks become input-required
 * results that the client answers by retrying; here the same handlers' asks are
 * server→client requests, which this client answers as any v1 client would.
 * `client` is the typed client (for the tools that ask nothing); `asker` is the SDK
 * client that declared sampling, elicitation and roots (see client.ts for why).
 */
import assert from "node:assert/strict";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { LoggingMessageNotification, Progress, Tool } from "@modelcontextprotocol/sdk/types.js";
import { clientKit, errorResult, onlyText } from "./client-kit.js";
import type { TypedClient } from "./src/generated/client.gen.js";

const ROOTS = [{ uri: "file:///workspace/project", name: "Project" }, { uri: "file:///workspace/docs" }];
const ROOT_URIS = "file:///workspace/project, file:///workspace/docs";

async function settle(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export async function checkAskingTools(
  client: TypedClient,
  asker: Client,
  tools: readonly Tool[],
  logs: LoggingMessageNotification["params"][],
): Promise<void> {
  const { call, getPrompt, answerElicitation, declineElicitation, answerSampling, answerRoots } = clientKit(asker);

  // http-custom-headers: the x-mcp-header annotations reach tools/list as written.
  const headers = tools.find((tool) => tool.name === "test_custom_headers");
  assert.ok(headers, "test_custom_headers not listed");
  const annotated = Object.entries(headers.inputSchema.properties ?? {}).map(([name, schema]) => [name, (schema as Record<string, unknown>)["x-mcp-header"]]);
  assert.deepEqual(annotated, [
    ["region", "Region"],
    ["priority", "Priority"],
    ["verbose", "Verbose"],
    ["query", undefined],
  ]);
  const echoed = await client.tools.test_custom_headers({ region: "us-west1", query: "SELECT 1", priority: 5, verbose: true });
  assert.equal(onlyText(echoed), "Received region=us-west1, query=SELECT 1, priority=5, verbose=true");
  // "integer" is a number to the types, so the server is what refuses 1.5.
  assert.equal(
    (await errorResult(client.tools.test_custom_headers({ region: "us-west1", query: "q", priority: 1.5 }))).isError,
    true,
    "priority must be an integer",
  );

  // server-stateless's logging tool: one message per level, filtered by logging/setLevel on a session.
  await client.sdk.setLoggingLevel("debug");
  logs.length = 0;
  assert.equal(onlyText(await client.tools.test_logging_tool()), "Logging tool executed successfully");
  await settle(100);
  assert.deepEqual(
    logs.map((entry) => entry.level),
    ["debug", "info", "warning", "error"],
  );
  await client.sdk.setLoggingLevel("warning");
  logs.length = 0;
  await client.tools.test_logging_tool();
  await settle(100);
  assert.deepEqual(
    logs.map((entry) => entry.level),
    ["warning", "error"],
  );

  // server-stateless's streaming elicitation: progress first, then the question.
  const named = answerElicitation({ name: "Ada" });
  const progress: Progress[] = [];
  const streamed = await call("test_streaming_elicitation", {}, { onprogress: (update) => progress.push(update) });
  assert.equal(onlyText(streamed), "Hello, Ada!");
  assert.deepEqual(
    progress.map((update) => [update.progress, update.total]),
    [
      [1, 3],
      [2, 3],
    ],
  );
  assert.deepEqual(
    named.map((request) => request.message),
    ["What is your name?"],
  );

  // server-stateless's missing capability: this client declared sampling, so the tool simply samples.
  answerSampling("Hello!");
  assert.equal(onlyText(await call("test_missing_capability")), "Sampled: Hello!");

  // input-required-result-basic-elicitation, and a decline.
  const asked = answerElicitation({ name: "Alice" });
  assert.equal(onlyText(await call("test_input_required_result_elicitation")), "Hello, Alice!");
  assert.deepEqual(asked[0]?.requestedSchema, { type: "object", properties: { name: { type: "string" } }, required: ["name"] });
  declineElicitation();
  assert.equal(onlyText(await call("test_input_required_result_elicitation")), "No name given (decline)");

  // input-required-result-basic-sampling
  const capital = answerSampling("Paris");
  assert.equal(onlyText(await call("test_input_required_result_sampling")), "The model says: Paris");
  assert.deepEqual(capital, [{ messages: [{ role: "user", content: { type: "text", text: "What is the capital of France?" } }], maxTokens: 100 }]);

  // input-required-result-basic-list-roots
  const roots = answerRoots(ROOTS);
  assert.equal(onlyText(await call("test_input_required_result_list_roots")), `Client roots: ${ROOT_URIS}`);
  assert.equal(roots.count, 1);

  // input-required-result-request-state and -tampered-state: one confirmation each.
  const confirmations = answerElicitation({ ok: true });
  assert.equal(onlyText(await call("test_input_required_result_request_state")), "state-ok: confirmed=true");
  assert.equal(onlyText(await call("test_input_required_result_tampered_state")), "Confirmed: true");
  assert.deepEqual(
    confirmations.map((request) => [request.message, request.requestedSchema]),
    [
      ["Please confirm", { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] }],
      ["Please confirm", { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] }],
    ],
  );

  // input-required-result-multiple-input-requests: three asks at once.
  answerElicitation({ name: "Bob" });
  const greeting = answerSampling("Hi there");
  assert.equal(onlyText(await call("test_input_required_result_multiple_inputs")), `Name: Bob; greeting: Hi there; roots: ${ROOT_URIS}`);
  assert.deepEqual(greeting, [{ messages: [{ role: "user", content: { type: "text", text: "Generate a greeting" } }], maxTokens: 50 }]);

  // input-required-result-multi-round: the second question follows the first answer.
  const steps = answerElicitation((message) => (message.startsWith("Step 1") ? { name: "Carol" } : { color: "blue" }));
  assert.equal(onlyText(await call("test_input_required_result_multi_round")), "Hello, Carol! Your favorite color is blue.");
  assert.deepEqual(
    steps.map((request) => request.message),
    ["Step 1: What is your name?", "Step 2: What is your favorite color?"],
  );

  // input-required-result-capability-check: this client declared all three, so all three are asked.
  answerElicitation({ name: "Dan" });
  answerSampling("Hey");
  assert.equal(
    onlyText(await call("test_input_required_result_capabilities")),
    `Asked only for what the client declared. elicitation: Dan; sampling: Hey; roots: ${ROOT_URIS}`,
  );

  // input-required-result-non-tool-request: a prompt asks too.
  const contexts = answerElicitation({ context: "a code review" });
  const prompted = await getPrompt("test_input_required_result_prompt");
  assert.deepEqual(prompted.messages, [{ role: "user", content: { type: "text", text: "Answer using this context: a code review" } }]);
  assert.deepEqual(
    contexts.map((request) => request.message),
    ["What context should the prompt use?"],
  );
}
