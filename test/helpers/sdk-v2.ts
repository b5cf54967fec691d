/**
 * The official MCP SDK v2 client (`@modelcontextprotocol/client`) connected to an
 * example served by a real child process through runMain: over stdio (the client
 * spawns the server) or Streamable HTTP (`--transport http --port 0`, one server
 * process per connection, so examples with state start fresh).
 *
 * The client records what the server sends it (logs, resource updates, the
 * elicitation and sampling requests it answered) whichever protocol era it
 * negotiated: on 2025-era connections those asks arrive as server→client requests,
 * on 2026-07-28 ones inside `input_required` results that the client fulfils with
 * the same handlers and retries.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  Client,
  LOG_LEVEL_META_KEY,
  StreamableHTTPClientTransport,
  type ClientCapabilities,
  type ClientOptions,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ElicitRequest,
  type ElicitResult,
  type LoggingLevel,
  type LoggingMessageNotificationParams,
  type Root,
} from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export type Example = "calculator" | "notes" | "everything" | "fixture";
export type TransportKind = "stdio" | "http";

/** The first 2026-07-28-era revision: stateless, `server/discover` instead of `initialize`. */
export const MODERN_VERSION = "2026-07-28";

/** How the client picks its protocol version, and the version it must end up with. */
export interface Profile {
  readonly name: string;
  readonly options: Pick<ClientOptions, "versionNegotiation" | "supportedProtocolVersions">;
  readonly expectedVersion: string;
}

/** `initialize` offering the client's newest 2025-era version; the v2 client's default (`mode: 'legacy'`). */
export const LEGACY: Profile = { name: "legacy initialize", options: { versionNegotiation: { mode: "legacy" } }, expectedVersion: "2025-11-25" };

/** `initialize` offering exactly `version` (the client's `supportedProtocolVersions`). */
export function legacyAt(version: string): Profile {
  return { name: `legacy initialize at ${version}`, options: { supportedProtocolVersions: [version] }, expectedVersion: version };
}

/** Probe with `server/discover`; modern on definitive evidence, else fall back to `initialize`. */
export const AUTO: Profile = {
  name: "auto (server/discover, legacy fallback)",
  options: { versionNegotiation: { mode: "auto" } },
  expectedVersion: MODERN_VERSION,
};

/** `server/discover` must offer 2026-07-28; no fallback. */
export const PINNED_MODERN: Profile = {
  name: `pinned ${MODERN_VERSION}`,
  options: { versionNegotiation: { mode: { pin: MODERN_VERSION } } },
  expectedVersion: MODERN_VERSION,
};

const ENTRIES: Readonly<Record<Example, string>> = {
  calculator: "examples/calculator/src/generated/server.gen.ts",
  notes: "examples/notes/src/generated/server.gen.ts",
  everything: "examples/everything/src/generated/server.gen.ts",
  fixture: "test/fixtures/runtime/server.ts",
};

/** `node` arguments that run an example's generated entry through tsx, resolving `@turbomcp/runtime` to the sources. */
export function serverArgs(example: Example, ...extra: string[]): string[] {
  return ["--import", "tsx", "--conditions=turbomcp-source", fileURLToPath(new URL(`../../${ENTRIES[example]}`, import.meta.url)), ...extra];
}

/** The v2 client with recorders; the answer fields may be replaced by a test. */
export interface Peer {
  readonly client: Client;
  readonly kind: TransportKind;
  readonly transport: StdioClientTransport | StreamableHTTPClientTransport;
  readonly logs: LoggingMessageNotificationParams[];
  /** URIs of `notifications/resources/updated`, in arrival order. */
  readonly updates: string[];
  readonly elicitations: ElicitRequest["params"][];
  readonly samplings: CreateMessageRequest["params"][];
  /** What the client reported through `onerror` (e.g. a reply to a request it had cancelled). */
  readonly errors: Error[];
  elicit: (params: ElicitRequest["params"]) => ElicitResult;
  sample: (params: CreateMessageRequest["params"]) => CreateMessageResult;
  roots: Root[];
  /** The version the client ended up with. */
  version(): string | undefined;
  modern(): boolean;
  /** The server's stderr so far, for failure messages. */
  stderr(): string;
  close(): Promise<void>;
}

/** What the client declares unless told otherwise: everything a server may ask of it. */
const ALL_ASKS: ClientCapabilities = { sampling: {}, elicitation: {}, roots: {} };

/**
 * Starts the example (for HTTP) and connects a v2 client declaring `capabilities`
 * (by default sampling, elicitation and roots, each with a handler).
 */
export async function connectV2(example: Example, kind: TransportKind, profile: Profile, capabilities: ClientCapabilities = ALL_ASKS): Promise<Peer> {
  const client = new Client({ name: "sdk-v2-interop", version: "1.0.0" }, { capabilities, ...profile.options });
  let served: HttpServer | undefined;
  let stderr = "";
  let transport: StdioClientTransport | StreamableHTTPClientTransport;
  if (kind === "stdio") {
    const stdio = new StdioClientTransport({ command: process.execPath, args: serverArgs(example, "--transport", "stdio"), cwd: REPO_ROOT, stderr: "pipe" });
    stdio.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    transport = stdio;
  } else {
    served = await serveHttp(example);
    transport = new StreamableHTTPClientTransport(new URL(served.url));
  }
  const peer: Peer = {
    client,
    kind,
    transport,
    logs: [],
    updates: [],
    elicitations: [],
    samplings: [],
    errors: [],
    elicit: () => ({ action: "decline" }),
    sample: () => ({ role: "assistant", content: { type: "text", text: "no answer configured" }, model: "test-model" }),
    roots: [],
    version: () => client.getNegotiatedProtocolVersion(),
    modern: () => client.getProtocolEra() === "modern",
    stderr: () => served?.stderr() ?? stderr,
    async close() {
      await client.close();
      await served?.stop();
    },
  };
  client.onerror = (error) => peer.errors.push(error);
  client.setNotificationHandler("notifications/message", (notification) => {
    peer.logs.push(notification.params);
  });
  client.setNotificationHandler("notifications/resources/updated", (notification) => {
    peer.updates.push(notification.params.uri);
  });
  // The client refuses handlers for capabilities it did not declare.
  if (capabilities.elicitation !== undefined) {
    client.setRequestHandler("elicitation/create", (request) => {
      peer.elicitations.push(request.params);
      return peer.elicit(request.params);
    });
  }
  if (capabilities.sampling !== undefined) {
    client.setRequestHandler("sampling/createMessage", (request) => {
      peer.samplings.push(request.params);
      return peer.sample(request.params);
    });
  }
  if (capabilities.roots !== undefined) client.setRequestHandler("roots/list", () => ({ roots: peer.roots }));
  try {
    await client.connect(transport);
  } catch (error) {
    await served?.stop();
    throw new Error(`${profile.name} over ${kind} to ${example} failed to connect: ${String(error)}\nserver stderr:\n${peer.stderr()}`, { cause: error });
  }
  return peer;
}

/** The peer's Streamable HTTP transport (session id, DELETE); throws on stdio. */
export function httpTransport(peer: Peer): StreamableHTTPClientTransport {
  if (!(peer.transport instanceof StreamableHTTPClientTransport)) throw new Error(`not an HTTP connection (${peer.kind})`);
  return peer.transport;
}

/**
 * The request fields that set the log level for one call: a 2025-era session sets
 * it once for the session (`logging/setLevel`), a 2026-07-28 request carries it in
 * `_meta` (and without it gets no log messages at all).
 */
export async function logLevel(peer: Peer, level: LoggingLevel): Promise<{ _meta?: Record<string, unknown> }> {
  if (peer.modern()) return { _meta: { [LOG_LEVEL_META_KEY]: level } };
  await peer.client.setLoggingLevel(level);
  return {};
}

/**
 * Watches one resource for `notifications/resources/updated`: `resources/subscribe`
 * on a 2025-era session, a `subscriptions/listen` stream on 2026-07-28. Resolves
 * with the filter the server acknowledged and the function that stops watching.
 */
export async function watchResource(peer: Peer, uri: string): Promise<{ honored: unknown; stop: () => Promise<void> }> {
  if (peer.modern()) {
    const subscription = await peer.client.listen({ resourceSubscriptions: [uri] });
    return { honored: subscription.honoredFilter, stop: () => subscription.close() };
  }
  const honored = await peer.client.subscribeResource({ uri });
  return { honored, stop: async () => void (await peer.client.unsubscribeResource({ uri })) };
}

interface HttpServer {
  readonly url: string;
  stderr(): string;
  stop(): Promise<void>;
}

/** Runs `--transport http --port 0` and resolves with the URL it prints once listening. */
function serveHttp(example: Example): Promise<HttpServer> {
  const child: ChildProcess = spawn(process.execPath, serverArgs(example, "--transport", "http", "--port", "0"), {
    cwd: REPO_ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server: HttpServer = {
    url: "",
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /MCP endpoint \(Streamable HTTP\): (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url !== undefined) resolve({ ...server, url });
    });
    child.once("exit", (code) => reject(new Error(`${example} exited (${String(code)}) before listening:\n${stderr}`)));
  });
}
