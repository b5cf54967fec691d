/**
 * The 2026-07-28 specification's example messages (../shared/spec/2026-07-28/examples/,
 * one folder per message type) replayed through the server as the spec describes, in
 * memory and over HTTP:
 * - client requests go in as the exact bytes of the example; the reply validates
 *   against the method's result schema and matches the example result or response in
 *   what the server controls (each difference is a named relaxation saying why);
 * - error examples are reproduced from the input that causes them: same code, same data shape;
 * - input-required examples drive a round with a tool that asks what they ask;
 * - data-type examples are checked where the server emits or consumes such a value.
 * Every example file is replayed or skipped with a reason, so a new one fails the
 * coverage test until someone decides what it needs.
 */
import { describe, expect, it } from "vitest";
import type { RouteTable } from "../../packages/runtime/src/index.js";
import { EXAMPLE_SERVER, draft07Routes, noPromptRoutes, specExampleRoutes } from "../fixtures/runtime/spec-example-routes.js";
import { readSpecExample, specExampleFiles, type SpecExample } from "../helpers/spec-examples.js";
import { specChecker } from "../helpers/spec-schemas.js";
import { memoryClient } from "./helpers/memory-client.js";
import { httpWire, listenExamples, memoryWire, postMessage, type Exchange, type ExampleServerOptions, type Reply } from "./helpers/spec-example-wires.js";

const VERSION = "2026-07-28";
const SERVER_INFO = "io.modelcontextprotocol/serverInfo";
const checker = specChecker(VERSION);

/** Cache hints as the examples show them most: lists (and discover) fresh for 1 h and public, reads for 1 min and private. */
const HINTS = { lists: { ttlMs: 3_600_000, cacheScope: "public" }, reads: { ttlMs: 60_000, cacheScope: "private" } } as const;
const OPTIONS: ExampleServerOptions = { cacheHints: HINTS };
const WIRES = [memoryWire(OPTIONS), httpWire(OPTIONS)];

type Json = Readonly<Record<string, unknown>>;
const record = (value: unknown): Json => (typeof value === "object" && value !== null ? (value as Json) : {});

const replayed = new Set<string>();
/** Loads an example and records it as replayed; the tables below load theirs at import, before any test runs. */
function example(file: string): SpecExample {
  replayed.add(file);
  return readSpecExample(VERSION, file);
}

/** Examples this server neither emits nor consumes, with the reason. */
const SKIPPED: Readonly<Record<string, string>> = {
  "CreateMessageRequestParams/request-with-tools.json": "tool-enabled sampling: the handler API (SamplingRequest) has no tools or toolChoice",
  "CreateMessageRequestParams/follow-up-with-tool-results.json": "tool-enabled sampling: the handler API has no tools, tool_use or tool_result",
  "CreateMessageResult/tool-use-response.json": "tool-enabled sampling: SamplingResult.content is one content block, never tool_use blocks",
  "SamplingMessage/multiple-content-blocks.json": "tool-enabled sampling: SamplingMessage.content is one content block, never tool_result blocks",
  "ToolUseContent/get-weather-tool-use.json": "tool-enabled sampling content, client-side: handlers never see or send it",
  "ToolResultContent/get-weather-tool-result.json": "tool-enabled sampling content, client-side: handlers never see or send it",
  "InputRequiredResult/input-required-result-with-request-state-only.json":
    "the server answers input_required only when a handler asks for input; a handler cannot return requestState alone",
  "ToolListChangedNotification/tools-list-changed.json": "the routing table is frozen: the tool list never changes (tools.listChanged is false)",
  "PromptListChangedNotification/prompts-list-changed.json": "the routing table is frozen: the prompt list never changes (prompts.listChanged is false)",
  "ResourceListChangedNotification/resources-list-changed.json":
    "the routing table is frozen: the resource list never changes (resources.listChanged is false)",
  "ServerCapabilities/tools-list-changed-notifications.json": "the routing table is frozen: the server declares listChanged: false",
  "ServerCapabilities/prompts-list-changed-notifications.json": "the routing table is frozen: the server declares listChanged: false",
  "ServerCapabilities/resources-list-changed-notifications-only.json": "the routing table is frozen: the server declares listChanged: false",
  "ServerCapabilities/resources-all-notifications.json": "the routing table is frozen: the server declares listChanged: false",
  "ServerCapabilities/extensions-tasks.json": "the tasks extension (SEP-2663) is not implemented",
};

// ---------------------------------------------------------------------------------------------
// Building and checking messages

const CLIENT_INFO = { name: "ExampleClient", version: "1.0.0" };

interface Meta {
  readonly capabilities?: object;
  readonly logLevel?: string;
  readonly version?: string;
}

/** A 2026-07-28 request as the examples write them (`_meta` with version, client identity and capabilities). */
function requestText(method: string, params: object, id: string | number = 1, meta: Meta = {}): string {
  const _meta: Record<string, unknown> = {
    "io.modelcontextprotocol/protocolVersion": meta.version ?? VERSION,
    "io.modelcontextprotocol/clientInfo": CLIENT_INFO,
    "io.modelcontextprotocol/clientCapabilities": meta.capabilities ?? {},
  };
  if (meta.logLevel !== undefined) _meta["io.modelcontextprotocol/logLevel"] = meta.logLevel;
  return JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta } });
}

/** A `*Params` (or `*NotificationParams`) example sent as the params of a message, byte for byte. */
function wrapParams(method: string, id: string | number | undefined, params: SpecExample): string {
  const idPart = id === undefined ? "" : `"id":${JSON.stringify(id)},`;
  return `{"jsonrpc":"2.0",${idPart}"method":${JSON.stringify(method)},"params":${params.text}}`;
}

/** Spec-schema problems of everything an exchange brought back: the reply as `method`'s result (or an interim result), notifications as ServerNotification. */
function specProblems(exchange: Exchange, method: string): string[] {
  const { reply } = exchange;
  const replyProblems =
    reply === undefined
      ? ["no reply"]
      : reply.result?.resultType === "input_required"
        ? checker.checkType("InputRequiredResult", reply.result)
        : checker.check(reply, method);
  return [...exchange.notifications.flatMap((message) => checker.check(message)), ...replyProblems];
}

/**
 * The server names itself in every result's `_meta` (basic/index, "Per-response protocol
 * fields": a SHOULD) and most examples leave that out: where the example has no
 * identity, the server's is checked here and removed, so the rest compares exactly.
 */
function comparable(actual: Json | undefined, example: Json): Json {
  expect(actual, "a result").toBeDefined();
  if (record(example._meta)[SERVER_INFO] !== undefined) return actual!;
  const { _meta, ...rest } = actual!;
  const { [SERVER_INFO]: identity, ...others } = record(_meta);
  expect(identity).toEqual({ name: EXAMPLE_SERVER.name, version: EXAMPLE_SERVER.version });
  return Object.keys(others).length === 0 ? rest : { ...rest, _meta: others };
}

/** A difference between an example and what this server sends, applied to the example before comparing. */
type Relax = (expected: Json) => Json;

interface Expected {
  readonly example: SpecExample;
  readonly relax?: readonly Relax[];
  /** Set when a response example answers a request the folder does not hold: only its result is compared. */
  readonly otherRequest?: true;
}

const match = (file: string, ...relax: Relax[]): Expected => ({ example: example(file), relax });

/** Checks `reply` against a `*Result` or `*ResultResponse` example. */
function expectMatches(reply: Reply | undefined, expected: Expected): void {
  const { value, type, file } = expected.example;
  const isResponse = type.endsWith("Response");
  const result = isResponse ? record(value.result) : value;
  const wanted = (expected.relax ?? []).reduce((current, relax) => relax(current), result);
  expect(comparable(reply?.result, result), file).toEqual(wanted);
  if (isResponse && !expected.otherRequest) expect({ jsonrpc: record(reply).jsonrpc, id: reply?.id }, file).toEqual({ jsonrpc: value.jsonrpc, id: value.id });
}

/** The server does not paginate: every list is one page, with no `nextCursor` (the examples show page 1 of several). */
const onePage: Relax = ({ nextCursor: _cursor, ...rest }) => rest;

/** The fixture serves more than the example's excerpt: the example's items must be among them, unchanged. */
const includes =
  (key: string): Relax =>
  (expected) => ({ ...expected, [key]: expect.arrayContaining(expected[key] as unknown[]) });

/** One cache hint covers every list (`cacheHints.lists`), set to the 1 h public of the discover and tools/list responses; this example shows another. */
const listHint: Relax = (expected) => ({ ...expected, ...HINTS.lists });

/** This response omits `ttlMs`/`cacheScope`, which ReadResourceResult requires (schema.json): the server sends its read hint. */
const readHint: Relax = (expected) => ({ ...expected, ...HINTS.reads });

/** The two examples of this listing disagree on the title ("📁 Project Files"); the fixture follows the response, which answers the request by id. */
const responseTitle: Relax = (expected) => ({
  ...expected,
  resourceTemplates: (expected.resourceTemplates as Json[]).map((template) => ({ ...template, title: "Project Files" })),
});

/**
 * `total`/`hasMore` count candidates beyond this page. The server pages by the protocol's
 * 100, so the fixture's three "py" candidates are total 3 with none left; the example
 * shows a server that returns 3 of 10, which a completion handler cannot express.
 */
const allCompletions: Relax = (expected) => {
  const completion = record(expected.completion);
  return { ...expected, completion: { ...completion, total: (completion.values as unknown[]).length, hasMore: false } };
};

/** The fixture also serves prompts and completions, and the server always declares logging and `listChanged: false`: the example's capabilities must be among them. */
const moreCapabilities: Relax = (expected) => ({
  ...expected,
  capabilities: expect.objectContaining(Object.fromEntries(Object.keys(record(expected.capabilities)).map((name) => [name, expect.any(Object)]))),
});

/** The fixture has the instructions DiscoverResult shows; this response to the same discovery leaves them out. */
const withInstructions: Relax = (expected) => ({ ...expected, instructions: EXAMPLE_SERVER.instructions });

/**
 * A tool with `outputSchema` gets its structured content serialised as its text block
 * (server/tools: "SHOULD also return the serialized JSON in a TextContent block"); the
 * example's text is its own wording or whitespace.
 */
const serialisedText: Relax = (expected) => ({ ...expected, content: [{ type: "text", text: JSON.stringify(expected.structuredContent) }] });

// ---------------------------------------------------------------------------------------------
// Client requests

interface RequestReplay {
  /** A request example, or a params example sent as the params of `as.method`. */
  readonly send: SpecExample;
  readonly as?: { readonly method: string; readonly id: string | number };
  readonly expect: readonly Expected[];
  /** Notification examples (whole messages, or their params) the request must bring. */
  readonly notifications?: readonly SpecExample[];
}

const weatherAnswer = [match("CallToolResultResponse/call-tool-result-response.json"), match("CallToolResult/result-with-unstructured-text.json")];
const languages = [match("CompleteResult/multiple-completion-values-with-more-available.json", allCompletions)];
const codeReview = [match("GetPromptResultResponse/get-prompt-result-response.json"), match("GetPromptResult/code-review-prompt.json")];

const REQUESTS: readonly RequestReplay[] = [
  { send: example("CallToolRequest/call-tool-request.json"), expect: weatherAnswer },
  { send: example("CallToolRequestParams/get-weather-tool-call-params.json"), as: { method: "tools/call", id: "call-tool-example" }, expect: weatherAnswer },
  {
    send: example("CallToolRequestParams/tool-call-params-with-progress-token.json"),
    as: { method: "tools/call", id: "progress-example" },
    expect: [],
    notifications: [example("ProgressNotification/progress-message.json"), example("ProgressNotificationParams/progress-message.json")],
  },
  { send: example("CompleteRequest/completion-request.json"), expect: languages },
  {
    send: example("CompleteRequestParams/prompt-argument-completion.json"),
    as: { method: "completion/complete", id: "completion-example" },
    expect: languages,
  },
  {
    // CompleteResultResponse answers CompleteRequest's id but shows this (framework) completion, so it pairs by content.
    send: example("CompleteRequestParams/prompt-argument-completion-with-context.json"),
    as: { method: "completion/complete", id: "completion-example" },
    expect: [match("CompleteResultResponse/completion-result-response.json"), match("CompleteResult/single-completion-value.json")],
  },
  {
    send: example("DiscoverRequest/server-discover-request.json"),
    expect: [
      match("DiscoverResultResponse/discover-result-response.json", moreCapabilities, withInstructions),
      match("DiscoverResult/server-capabilities-discovery.json", moreCapabilities),
    ],
  },
  { send: example("GetPromptRequest/get-prompt-request.json"), expect: codeReview },
  { send: example("GetPromptRequestParams/get-code-review-prompt.json"), as: { method: "prompts/get", id: "get-prompt-example" }, expect: codeReview },
  {
    send: example("ListPromptsRequest/list-prompts-request.json"),
    expect: [
      match("ListPromptsResultResponse/list-prompts-result-response.json", onePage, listHint),
      match("ListPromptsResult/prompts-list-with-cursor-and-ttl.json", onePage, listHint),
    ],
  },
  {
    send: example("ListResourcesRequest/list-resources-request.json"),
    expect: [
      match("ListResourcesResultResponse/list-resources-result-response.json", includes("resources"), onePage, listHint),
      match("ListResourcesResult/resources-list-with-cursor-and-ttl.json", includes("resources"), onePage, listHint),
    ],
  },
  {
    send: example("ListResourceTemplatesRequest/list-resource-templates-request.json"),
    expect: [
      match("ListResourceTemplatesResultResponse/list-resource-templates-result-response.json"),
      match("ListResourceTemplatesResult/resource-templates-list-with-cursor-and-ttl.json", onePage, responseTitle),
    ],
  },
  {
    send: example("ListToolsRequest/list-tools-request.json"),
    expect: [
      match("ListToolsResultResponse/list-tools-result-response.json", includes("tools"), onePage),
      match("ListToolsResult/tools-list-with-cursor-and-ttl.json", includes("tools"), onePage, listHint),
    ],
  },
  {
    send: example("ReadResourceRequest/read-resource-request.json"),
    expect: [
      match("ReadResourceResultResponse/read-resource-result-response.json", readHint),
      { example: example("ReadResourceResultResponse/read-resource-result-response-with-ttl.json"), otherRequest: true },
      match("ReadResourceResult/file-resource-contents.json"),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Input-required rounds: what the server asks, and the answers it takes

interface Ask {
  readonly example: SpecExample;
  readonly method: string;
  /** The params the tool asks with. */
  readonly params: Json;
  /** The input request the server must send; default `{ method, params }`. */
  readonly request?: Json;
}

/** An ask from a server→client request example (`{ method, params }`, the shape of an input request). */
const requestAsk = (file: string): Ask => {
  const request = example(file);
  return { example: request, method: String(request.value.method), params: record(request.value.params) };
};
/** An ask from a params example of `method`. */
const paramsAsk =
  (method: string) =>
  (file: string): Ask => {
    const params = example(file);
    return { example: params, method, params: params.value };
  };
/** An elicitation whose form has one field: a primitive schema example. */
const fieldAsk = (file: string): Ask => {
  const field = example(file);
  return {
    example: field,
    method: "elicitation/create",
    params: { message: "Please fill in the form", requestedSchema: { type: "object", properties: { value: field.value } } },
  };
};

const formAsk = paramsAsk("elicitation/create")("ElicitRequestFormParams/elicit-single-field.json");
const fieldsAsk = paramsAsk("elicitation/create")("ElicitRequestFormParams/elicit-multiple-fields.json");
const urlAsk = paramsAsk("elicitation/create")("ElicitRequestURLParams/elicit-sensitive-data.json");
const samplingAsk = paramsAsk("sampling/createMessage")("CreateMessageRequestParams/basic-request.json");
const singleMessage = example("SamplingMessage/single-content-block.json");
const preferences = example("ModelPreferences/with-hints-and-priorities.json");
// The example is a JSON-RPC request with an id; as an input request it is keyed by name instead, and its params are the empty object the schema allows.
const rootsAsk: Ask = {
  example: example("ListRootsRequest/list-roots-request.json"),
  method: "roots/list",
  params: {},
  request: { method: "roots/list", params: {} },
};

const ASKS: readonly Ask[] = [
  requestAsk("ElicitRequest/elicitation-request.json"),
  formAsk,
  fieldsAsk,
  urlAsk,
  requestAsk("CreateMessageRequest/sampling-request.json"),
  samplingAsk,
  { example: singleMessage, method: "sampling/createMessage", params: { messages: [singleMessage.value], maxTokens: 100 } },
  { example: preferences, method: "sampling/createMessage", params: { messages: [singleMessage.value], maxTokens: 100, modelPreferences: preferences.value } },
  rootsAsk,
  ...[
    "BooleanSchema/boolean-input-schema.json",
    "NumberSchema/number-input-schema.json",
    "StringSchema/email-input-schema.json",
    "TitledSingleSelectEnumSchema/titled-color-select-schema.json",
    "UntitledSingleSelectEnumSchema/color-select-schema.json",
    "TitledMultiSelectEnumSchema/titled-color-multi-select-schema.json",
    "UntitledMultiSelectEnumSchema/color-multi-select-schema.json",
  ].map(fieldAsk),
];

const FORM_AND_URL = example("ClientCapabilities/elicitation-form-and-url-mode-support.json").value;
const ASK_ALL = { ...FORM_AND_URL, sampling: {}, roots: {} };

const askText = (ask: Pick<Ask, "method" | "params">, capabilities: object = ASK_ALL, extra: object = {}): string =>
  requestText("tools/call", { name: "ask_client", arguments: { method: ask.method, params: ask.params }, ...extra }, 1, { capabilities });

interface Answer {
  readonly example: SpecExample;
  readonly ask: Pick<Ask, "method" | "params">;
  /** The input response as sent; default the example itself. */
  readonly response?: Json;
}

const root = example("Root/project-directory.json");

const ANSWERS: readonly Answer[] = [
  { example: example("ElicitResult/input-single-field.json"), ask: formAsk },
  { example: example("ElicitResult/input-multiple-fields.json"), ask: fieldsAsk },
  { example: example("ElicitResult/accept-url-mode-no-content.json"), ask: urlAsk },
  { example: example("CreateMessageResult/text-response.json"), ask: samplingAsk },
  { example: example("CreateMessageResult/final-response.json"), ask: samplingAsk },
  { example: example("ListRootsResult/single-root-directory.json"), ask: rootsAsk },
  { example: example("ListRootsResult/multiple-root-directories.json"), ask: rootsAsk },
  { example: root, ask: rootsAsk, response: { roots: [root.value] } },
];

/** Each client capability example sent as a request's capabilities, with an ask it permits. */
const CAPABILITIES: readonly (readonly [SpecExample, Pick<Ask, "method" | "params"> | undefined])[] = [
  [example("ClientCapabilities/elicitation-form-and-url-mode-support.json"), urlAsk],
  [example("ClientCapabilities/elicitation-form-only-implicit.json"), formAsk],
  [example("ClientCapabilities/roots-minimum-baseline-support.json"), rootsAsk],
  [example("ClientCapabilities/sampling-minimum-baseline-support.json"), samplingAsk],
  [example("ClientCapabilities/sampling-context-inclusion-support-deprecated.json"), samplingAsk],
  [example("ClientCapabilities/sampling-tool-use-support.json"), samplingAsk],
  // An extension this server does not implement: the request is served as if it were absent.
  [example("ClientCapabilities/extensions-ui-mime-types.json"), undefined],
];

function interim(exchange: Exchange): { inputRequests: Record<string, Json>; requestState: string } {
  expect(exchange.reply?.error).toBeUndefined();
  expect(exchange.reply?.result?.resultType).toBe("input_required");
  return exchange.reply!.result as never;
}

function toolText(exchange: Exchange): string {
  expect(exchange.reply?.error).toBeUndefined();
  const result = record(exchange.reply?.result);
  expect(result).toMatchObject({ resultType: "complete" });
  expect(result.isError, JSON.stringify(result.content)).not.toBe(true);
  return String(record((result.content as unknown[])[0]).text);
}

// ---------------------------------------------------------------------------------------------
// Errors, reproduced from what causes them

interface ErrorReplay {
  readonly example: SpecExample;
  readonly cause: string;
  readonly send: string;
  readonly routes?: RouteTable;
  /** The HTTP status the spec (or, where it names none, the error table) prescribes. */
  readonly status: number;
  /** More checks of the error object, where the example's values are meant to be reproduced. */
  readonly check?: (error: NonNullable<Reply["error"]>, reply: Reply) => void;
}

const listPrompts = readSpecExample(VERSION, "ListPromptsRequest/list-prompts-request.json");

const sameMessage =
  (message: string) =>
  (error: NonNullable<Reply["error"]>): void =>
    expect(error.message).toBe(message);

const ERRORS: readonly ErrorReplay[] = [
  {
    example: example("ParseError/invalid-json.json"),
    cause: "a body that is not JSON",
    send: '{"jsonrpc": "2.0", "id": 1, "method": "tools/list"',
    status: 400,
    // The id could not be read, so the reply has none: MCP's RequestId is a string or an integer,
    // never null, and JSONRPCErrorResponse makes `id` optional for this case (basic/index).
    check: (_error, reply) => expect(reply).not.toHaveProperty("id"),
  },
  {
    example: example("MethodNotFoundError/prompts-not-supported.json"),
    cause: "prompts/list to a server without prompts",
    send: listPrompts.text,
    routes: noPromptRoutes,
    status: 404,
  },
  {
    example: example("InvalidParamsError/unknown-tool.json"),
    cause: "tools/call of an unknown tool",
    send: requestText("tools/call", { name: "invalid_tool_name", arguments: {} }),
    status: 400,
    check: sameMessage("Unknown tool: invalid_tool_name"),
  },
  {
    example: example("InvalidParamsError/unknown-prompt.json"),
    cause: "prompts/get of an unknown prompt",
    send: requestText("prompts/get", { name: "invalid_prompt_name" }),
    status: 400,
    check: sameMessage("Unknown prompt: invalid_prompt_name"),
  },
  {
    // server/utilities/pagination: "Invalid cursors SHOULD result in an error with code -32602".
    example: example("InvalidParamsError/invalid-cursor.json"),
    cause: "resources/list with PaginatedRequestParams' cursor, which this server never issued",
    send: wrapParams("resources/list", 1, example("PaginatedRequestParams/list-with-cursor.json")),
    status: 400,
  },
  {
    example: example("UnsupportedProtocolVersionError/unsupported-version.json"),
    cause: "a request for protocol version 1900-01-01",
    send: requestText("tools/list", {}, 1, { version: "1900-01-01" }),
    status: 400,
    check: (error) => {
      expect(record(error.data).requested).toBe("1900-01-01");
      expect(record(error.data).supported).toContain(VERSION);
    },
  },
  {
    example: example("MissingRequiredClientCapabilityError/missing-elicitation-capability.json"),
    cause: "a tool that elicits, called without the elicitation capability",
    send: askText(formAsk, {}),
    status: 400,
    check: (error) => expect(error.data).toEqual({ requiredCapabilities: { elicitation: {} } }),
  },
  {
    example: example("InternalError/unexpected-error.json"),
    cause: "resources/read of a resource whose handler throws",
    send: requestText("resources/read", { uri: "file:///project/locked.db" }),
    status: 500,
    check: (error) => expect(error.message).not.toMatch(/EACCES|secret/),
  },
];

/** The JSON shape of a value: the types of its leaves, arrays reduced to their distinct element shapes. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return [...new Set(value.map((item) => JSON.stringify(shapeOf(item))))].map((shape) => JSON.parse(shape) as unknown);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shapeOf(item)]));
  return value === null ? "null" : typeof value;
}

// ---------------------------------------------------------------------------------------------
// Data types the server emits

const CONTENT_BLOCKS = [
  "TextContent/text-content.json",
  "ImageContent/image-png-content-with-annotations.json",
  "AudioContent/audio-wav-content.json",
  "ResourceLink/file-resource-link.json",
  "EmbeddedResource/embedded-file-resource-with-annotations.json",
].map(example);

const RESOURCE_CONTENTS = [example("TextResourceContents/text-file-contents.json"), example("BlobResourceContents/image-file-contents.json")];

interface ToolReplay {
  readonly tool: SpecExample;
  readonly routes: RouteTable;
  readonly arguments: Json;
  /** The result example a call answers with, or the text it returns. */
  readonly result: Expected | string;
}

const TOOLS: readonly ToolReplay[] = [
  {
    tool: example("Tool/with-output-schema-for-structured-content.json"),
    routes: specExampleRoutes,
    arguments: { location: "New York" },
    result: match("CallToolResult/result-with-structured-content.json", serialisedText),
  },
  {
    // server/tools (2026-07-28): structuredContent "can be any JSON value (object, array, …) that conforms to the tool's outputSchema".
    tool: example("Tool/tool-with-array-output-schema.json"),
    routes: specExampleRoutes,
    arguments: {},
    result: match("CallToolResult/result-with-array-structured-content.json", serialisedText),
  },
  { tool: example("Tool/tool-with-composition-input-schema.json"), routes: specExampleRoutes, arguments: { name: "readme" }, result: "found readme" },
  { tool: example("Tool/with-default-2020-12-input-schema.json"), routes: specExampleRoutes, arguments: { a: 1, b: 2 }, result: "3" },
  { tool: example("Tool/with-explicit-draft-07-input-schema.json"), routes: draft07Routes, arguments: { a: 2, b: 3 }, result: "5" },
  { tool: example("Tool/with-no-parameters.json"), routes: specExampleRoutes, arguments: {}, result: "2025-08-08T12:00:00Z" },
];

/** What the server declares, in the ServerCapabilities examples' terms (the rest are in SKIPPED). */
const SERVER_CAPABILITIES = [
  "ServerCapabilities/tools-minimum-baseline-support.json",
  "ServerCapabilities/resources-minimum-baseline-support.json",
  "ServerCapabilities/resources-subscription-to-individual-resource-updates-only.json",
  "ServerCapabilities/prompts-minimum-baseline-support.json",
  "ServerCapabilities/completions-minimum-baseline-support.json",
  "ServerCapabilities/logging-minimum-baseline-support.json",
].map(example);

const flightError = match("CallToolResult/invalid-tool-input-error.json");
const logMessage = example("LoggingMessageNotification/log-database-connection-failed.json");
const logParams = example("LoggingMessageNotificationParams/log-database-connection-failed.json");
const inputRequired = match("InputRequiredResult/input-required-result-with-elicitation-and-sampling-and-request-state.json");
const inputRequests = example("InputRequests/elicitation-and-sampling-input-requests.json");
const inputResponses = example("InputResponses/elicitation-and-sampling-input-responses.json");

// ---------------------------------------------------------------------------------------------

describe.each(WIRES)("2026-07-28 spec examples, $name", (wire) => {
  describe("client requests, sent as the example's bytes", () => {
    it.each(REQUESTS.map((replay) => [replay.send.file, replay] as const))("%s", async (_file, replay) => {
      const method = replay.as?.method ?? String(replay.send.value.method);
      const text = replay.as ? wrapParams(replay.as.method, replay.as.id, replay.send) : replay.send.text;
      const exchange = await (await wire.open(specExampleRoutes)).send(text);
      expect(exchange.reply?.error).toBeUndefined();
      expect(specProblems(exchange, method)).toEqual([]);
      if (exchange.status !== undefined) expect(exchange.status).toBe(200);
      for (const expected of replay.expect) expectMatches(exchange.reply, expected);
      for (const notification of replay.notifications ?? []) {
        if ("method" in notification.value) expect(exchange.notifications, notification.file).toContainEqual(notification.value);
        else
          expect(
            exchange.notifications.map((message) => message.params),
            notification.file,
          ).toContainEqual(notification.value);
      }
    });
  });

  describe("errors, reproduced from what causes them", () => {
    it.each(ERRORS.map((replay) => [replay.example.file, replay] as const))("%s", async (_file, replay) => {
      const exchange = await (await wire.open(replay.routes ?? specExampleRoutes)).send(replay.send);
      const reply = exchange.reply;
      expect(reply?.error, replay.cause).toBeDefined();
      const wanted = record(replay.example.value.error ?? replay.example.value);
      const error = reply!.error!;
      expect(error.code, replay.cause).toBe(wanted.code);
      if (exchange.status !== undefined) expect(exchange.status, "HTTP status").toBe(replay.status);
      if ("id" in replay.example.value) expect(reply!.id).toBe(replay.example.value.id);
      replay.check?.(error, reply!);
      expect(checker.check(reply!)).toEqual([]);
      expect(shapeOf(error.data), `${replay.cause}: the shape of error.data`).toEqual(shapeOf(wanted.data));
    });

    it("InvalidParamsError/invalid-tool-arguments.json: arguments that fail inputSchema are a tool execution error instead", async () => {
      // server/tools "Error Handling" lists input validation errors under tool execution errors
      // (isError results, so the model can correct itself) and only unknown tools and malformed
      // requests under protocol errors; this example, and InvalidParamsError's schema description,
      // show -32602 instead. The server follows the prose; the message is the example's.
      const wanted = example("InvalidParamsError/invalid-tool-arguments.json").value;
      const exchange = await (await wire.open(specExampleRoutes)).send(requestText("tools/call", { name: "calculate", arguments: {} }));
      expect(specProblems(exchange, "tools/call")).toEqual([]);
      expect(exchange.reply?.result).toMatchObject({
        isError: true,
        content: [{ type: "text", text: expect.stringMatching(/^Invalid arguments for tool calculate: .*'expression'/) }],
      });
      expect(wanted.message).toMatch(/^Invalid arguments for tool calculate: .*'expression'/);
    });
  });

  describe("input-required rounds", () => {
    it("InputRequiredResult, InputRequests, InputResponses: one round, then the retry completes", async () => {
      const connection = await wire.open(specExampleRoutes);
      const call = { name: "onboard_user", arguments: {} };
      const capabilities = { elicitation: {}, sampling: {} };
      const first = await connection.send(requestText("tools/call", call, "onboard", { capabilities }));
      expect(specProblems(first, "tools/call")).toEqual([]);
      const round = interim(first);
      // requestState is opaque and minted by the server (HMAC-sealed here); the example's is a placeholder.
      expectMatches(first.reply, { example: inputRequired.example, relax: [(expected) => ({ ...expected, requestState: expect.any(String) })] });
      // The InputRequests example is the same asks with the optional `mode: "form"` spelled out
      // (client/elicitation: a request without mode is form mode); the fixture asks as InputRequiredResult shows.
      const { github_login: login, ...rest } = record(inputRequests.value) as Record<string, Json>;
      const { mode, ...loginParams } = record(login?.params);
      expect(mode).toBe("form");
      expect(round.inputRequests).toEqual({ ...rest, github_login: { ...login, params: loginParams } });

      const retry = await connection.send(
        requestText("tools/call", { ...call, inputResponses: inputResponses.value, requestState: round.requestState }, "onboard", { capabilities }),
      );
      expect(specProblems(retry, "tools/call")).toEqual([]);
      expect(toolText(retry)).toBe("octocat: The capital of France is Paris.");
    });

    it.each(ASKS.map((ask) => [ask.example.file, ask] as const))("%s is asked unchanged", async (_file, ask) => {
      const exchange = await (await wire.open(specExampleRoutes)).send(askText(ask));
      expect(specProblems(exchange, "tools/call")).toEqual([]);
      expect(interim(exchange).inputRequests).toEqual({ request: ask.request ?? { method: ask.method, params: ask.params } });
    });

    it.each(ANSWERS.map((answer) => [answer.example.file, answer] as const))("%s is taken as the answer", async (_file, answer) => {
      const connection = await wire.open(specExampleRoutes);
      const round = interim(await connection.send(askText(answer.ask)));
      const response = answer.response ?? answer.example.value;
      const retry = await connection.send(askText(answer.ask, ASK_ALL, { inputResponses: { request: response }, requestState: round.requestState }));
      expect(specProblems(retry, "tools/call")).toEqual([]);
      expect(JSON.parse(toolText(retry))).toEqual(response);
    });

    it.each(CAPABILITIES.map(([capabilities, ask]) => [capabilities.file, capabilities, ask] as const))(
      "%s is honoured as the request's capabilities",
      async (_file, capabilities, ask) => {
        const connection = await wire.open(specExampleRoutes);
        if (ask === undefined) {
          const exchange = await connection.send(requestText("server/discover", {}, 1, { capabilities: capabilities.value }));
          expect(specProblems(exchange, "server/discover")).toEqual([]);
          return;
        }
        const exchange = await connection.send(askText(ask, capabilities.value));
        expect(specProblems(exchange, "tools/call")).toEqual([]);
        expect(Object.keys(interim(exchange).inputRequests)).toEqual(["request"]);
      },
    );

    it("ClientCapabilities/elicitation-form-only-implicit.json permits no URL elicitation: -32021 naming elicitation.url", async () => {
      const formOnly = readSpecExample(VERSION, "ClientCapabilities/elicitation-form-only-implicit.json").value;
      const exchange = await (await wire.open(specExampleRoutes)).send(askText(urlAsk, formOnly));
      expect(exchange.reply?.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { elicitation: { url: {} } } } });
    });
  });

  describe("data types where the server emits them", () => {
    it.each(CONTENT_BLOCKS.map((block) => [block.file, block] as const))("%s comes back unchanged from a tool", async (_file, block) => {
      const exchange = await (
        await wire.open(specExampleRoutes)
      ).send(requestText("tools/call", { name: "show_content", arguments: { content: [block.value] } }));
      expect(specProblems(exchange, "tools/call")).toEqual([]);
      expect(comparable(exchange.reply?.result, {})).toEqual({ resultType: "complete", content: [block.value] });
    });

    it.each(RESOURCE_CONTENTS.map((contents) => [contents.file, contents] as const))("%s is what resources/read sends", async (_file, contents) => {
      const exchange = await (await wire.open(specExampleRoutes)).send(requestText("resources/read", { uri: contents.value.uri }));
      expect(specProblems(exchange, "resources/read")).toEqual([]);
      expect(exchange.reply?.result?.contents).toEqual([contents.value]);
    });

    it("Resource/file-resource-with-annotations.json is listed unchanged", async () => {
      const resource = example("Resource/file-resource-with-annotations.json");
      const exchange = await (await wire.open(specExampleRoutes)).send(requestText("resources/list", {}));
      expect(specProblems(exchange, "resources/list")).toEqual([]);
      expect(exchange.reply?.result?.resources).toContainEqual(resource.value);
    });

    it.each(TOOLS.map((replay) => [replay.tool.file, replay] as const))("%s is listed unchanged and answers as the examples show", async (_file, replay) => {
      const connection = await wire.open(replay.routes);
      const list = await connection.send(requestText("tools/list", {}));
      expect(specProblems(list, "tools/list")).toEqual([]);
      expect(list.reply?.result?.tools).toContainEqual(replay.tool.value);
      const call = await connection.send(requestText("tools/call", { name: replay.tool.value.name, arguments: replay.arguments }));
      expect(specProblems(call, "tools/call")).toEqual([]);
      if (typeof replay.result === "string") expect(toolText(call)).toBe(replay.result);
      else expectMatches(call.reply, replay.result);
    });

    it("CallToolResult/invalid-tool-input-error.json: a tool's own failure is an isError result", async () => {
      const exchange = await (
        await wire.open(specExampleRoutes)
      ).send(requestText("tools/call", { name: "book_flight", arguments: { departureDate: "2025-08-01" } }));
      expect(specProblems(exchange, "tools/call")).toEqual([]);
      expectMatches(exchange.reply, flightError);
    });

    it("LoggingMessageNotification(Params): a handler's log line at the request's logLevel", async () => {
      const exchange = await (
        await wire.open(specExampleRoutes)
      ).send(requestText("tools/call", { name: "check_database", arguments: {} }, 1, { logLevel: "error" }));
      expect(specProblems(exchange, "tools/call")).toEqual([]);
      expect(exchange.notifications).toEqual([logMessage.value]);
      expect(exchange.notifications[0]?.params).toEqual(logParams.value);
    });

    it.each(SERVER_CAPABILITIES.map((capabilities) => [capabilities.file, capabilities] as const))(
      "%s is among the capabilities server/discover declares",
      async (_file, capabilities) => {
        const exchange = await (await wire.open(specExampleRoutes)).send(requestText("server/discover", {}));
        expect(exchange.reply?.result?.capabilities).toMatchObject(capabilities.value);
      },
    );
  });
});

describe("2026-07-28 spec examples on a connection (in memory: the stdio path)", () => {
  const listen = example("SubscriptionsListenRequest/listen-for-list-changes.json");
  const acknowledged = example("SubscriptionsAcknowledgedNotification/listen-acknowledged.json");
  const closed = [match("SubscriptionsListenResultResponse/listen-closed-response.json"), match("SubscriptionsListenResult/listen-closed.json")];
  const updated = example("ResourceUpdatedNotification/file-resource-updated-notification.json");
  const updatedParams = example("ResourceUpdatedNotificationParams/file-resource-updated.json");
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it("SubscriptionsListenRequest: acknowledged first, ended with a result when the server closes", async () => {
    const client = memoryClient(specExampleRoutes, OPTIONS);
    const listening = client.raw(listen.text);
    await settle();
    client.server.close();
    await listening;
    const [ack, reply, ...more] = client.sent as unknown as Json[];
    expect(more).toEqual([]);
    expect(checker.check(ack!)).toEqual([]);
    // basic/patterns/subscriptions: "Notification types the server does not support are omitted";
    // the routing table is frozen, so toolsListChanged is one of them.
    const { toolsListChanged, ...honoured } = record(record(acknowledged.value.params).notifications);
    expect(toolsListChanged).toBe(true);
    expect(ack).toEqual({ ...acknowledged.value, params: { ...record(acknowledged.value.params), notifications: honoured } });
    expect(checker.check(reply!, "subscriptions/listen")).toEqual([]);
    for (const expected of closed) expectMatches(reply as unknown as Reply, expected);
  });

  it("ResourceUpdatedNotification(Params): an update of a resource the listen stream subscribed to", async () => {
    const client = memoryClient(specExampleRoutes, OPTIONS);
    const uri = updatedParams.value.uri as string;
    const request = { ...listen.value, params: { ...record(listen.value.params), notifications: { resourceSubscriptions: [uri] } } };
    const listening = client.raw(JSON.stringify(request));
    await settle();
    expect(client.server.notifyResourceUpdated(uri)).toBe(1);
    client.server.close();
    await listening;
    const notification = client.notifications("notifications/resources/updated");
    expect(notification).toEqual([updated.value]);
    const { _meta: _tag, ...params } = record(record(notification[0]).params);
    expect(params).toEqual(updatedParams.value);
  });

  it.each([
    ["CancelledNotification/user-requested-cancellation.json", (cancel: SpecExample) => cancel.text],
    ["CancelledNotificationParams/user-requested-cancellation.json", (params: SpecExample) => wrapParams("notifications/cancelled", undefined, params)],
  ] as const)("%s stops the request it names, which then gets no reply", async (file, text) => {
    const cancel = example(file);
    const client = memoryClient(specExampleRoutes, OPTIONS);
    const running = client.raw(requestText("tools/call", { name: "wait_for_cancel", arguments: {} }, "123"));
    await settle();
    await client.raw(text(cancel));
    await running;
    expect(client.sent).toEqual([]);
  });
});

describe("2026-07-28 spec examples over HTTP only", () => {
  it("HeaderMismatchError/header-mismatch.json: Mcp-Name 'foo' for a body naming 'bar' is -32020, 400", async () => {
    const wanted = record(example("HeaderMismatchError/header-mismatch.json").value.error);
    const { url } = await listenExamples(specExampleRoutes, OPTIONS);
    const exchange = await postMessage(url, requestText("tools/call", { name: "bar", arguments: {} }), { "mcp-name": "foo" });
    expect(exchange.status).toBe(400);
    expect(checker.check(exchange.reply!)).toEqual([]);
    expect(exchange.reply).toMatchObject({ id: 1, error: { code: wanted.code } });
    expect(shapeOf(exchange.reply?.error?.data)).toEqual(shapeOf(wanted.data));
    expect(exchange.reply?.error?.message).toMatch(/Mcp-Name.*'foo'/);
  });
});

describe("2026-07-28 spec examples over HTTP, two instances", () => {
  it("InputResponses retried on another instance that shares requestStateSecret completes the round", async () => {
    // server/index (ServerOptions.requestStateSecret): instances behind one load balancer share the
    // key, so a retry may land on any of them. listenHttp takes ServerOptions, so it must pass the key on.
    const shared = { ...OPTIONS, requestStateSecret: "spec-examples-shared-request-state-key" };
    const [one, two] = await Promise.all([listenExamples(specExampleRoutes, shared), listenExamples(specExampleRoutes, shared)]);
    const call = { name: "onboard_user", arguments: {} };
    const capabilities = { elicitation: {}, sampling: {} };
    const round = interim(await postMessage(one.url, requestText("tools/call", call, 1, { capabilities })));
    const retry = await postMessage(
      two.url,
      requestText("tools/call", { ...call, inputResponses: inputResponses.value, requestState: round.requestState }, 1, { capabilities }),
    );
    expect(retry.reply?.error).toBeUndefined();
    expect(toolText(retry)).toBe("octocat: The capital of France is Paris.");
  });
});

describe("2026-07-28 spec examples: coverage", () => {
  it("replays every example file, or skips it with a reason", () => {
    const files = specExampleFiles(VERSION);
    expect(
      files.filter((file) => !replayed.has(file) && !(file in SKIPPED)),
      "neither replayed nor skipped",
    ).toEqual([]);
    expect(
      [...replayed].filter((file) => file in SKIPPED),
      "both replayed and skipped",
    ).toEqual([]);
    expect(
      Object.keys(SKIPPED).filter((file) => !files.includes(file)),
      "skipped but gone",
    ).toEqual([]);
  });
});
