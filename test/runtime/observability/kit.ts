/** Shared pieces for the observability tests: records, a recording logger, a loopback server, a Prometheus text parser. */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestRecord, ServerLogger } from "@turbomcp/runtime";
import { ANONYMOUS } from "../../../packages/runtime/src/protocol/caller.js";

export function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    method: "tools/call",
    target: "add",
    protocolVersion: "2025-11-25",
    outcome: "ok",
    errorCode: undefined,
    arguments: undefined,
    durationMs: 12.5,
    caller: ANONYMOUS,
    ...overrides,
  };
}

export interface RecordingLogger extends ServerLogger {
  readonly errors: { message: string; error: unknown }[];
  readonly warnings: string[];
}

export function recordingLogger(): RecordingLogger {
  const errors: { message: string; error: unknown }[] = [];
  const warnings: string[] = [];
  return { errors, warnings, error: (message, error) => errors.push({ message, error }), warn: (message) => warnings.push(message) };
}

export interface Loopback {
  readonly url: string;
  close(): Promise<void>;
}

/** A real `node:http` server on 127.0.0.1 with the given handlers mounted by exact path. */
export async function serveLoopback(routes: Readonly<Record<string, (req: IncomingMessage, res: ServerResponse) => void>>): Promise<Loopback> {
  const server: Server = createServer((req, res) => {
    const handler = routes[new URL(req.url ?? "/", "http://localhost").pathname];
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses the Prometheus text format's sample lines (`name{a="b"} 1`); comments are skipped. */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name and exactly these labels (undefined if absent). */
export function sampleValue(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const wanted = Object.entries(labels);
  const found = samples.filter(
    (sample) => sample.name === name && Object.keys(sample.labels).length === wanted.length && wanted.every(([key, value]) => sample.labels[key] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} samples named ${name} with ${JSON.stringify(labels)}`);
  return found[0]?.value;
}
