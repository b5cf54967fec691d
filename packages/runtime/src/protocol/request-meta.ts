/**
 * The per-request protocol fields of 2026-07-28 (basic/index, "_meta"): every request
 * carries its protocol version and the client's capabilities, optionally the client's
 * identity and a log level. A request missing a required field is malformed: -32602.
 */
import type { LogLevel } from "../handlers/context.js";
import { McpError } from "./errors.js";
import type { JsonRpcParams } from "./jsonrpc.js";
import { LOG_LEVELS } from "./log-levels.js";
import { STATELESS_PROTOCOL_VERSIONS } from "./versions.js";
import { isRecord } from "./is-record.js";

/** Reserved `_meta` keys (basic/index, "Reserved keys"). */
export const META = {
  protocolVersion: "io.modelcontextprotocol/protocolVersion",
  clientCapabilities: "io.modelcontextprotocol/clientCapabilities",
  clientInfo: "io.modelcontextprotocol/clientInfo",
  logLevel: "io.modelcontextprotocol/logLevel",
  serverInfo: "io.modelcontextprotocol/serverInfo",
  subscriptionId: "io.modelcontextprotocol/subscriptionId",
} as const;

export interface RequestMeta {
  /** Any string: whether the server speaks it is checked after headers are (HTTP compares them first). */
  readonly protocolVersion: string;
  readonly clientCapabilities: Readonly<Record<string, unknown>>;
  /** Absent: the request asked for no log messages, and gets none (server/utilities/logging). */
  readonly logLevel: LogLevel | undefined;
}

/** The `_meta` object of a request's params, if it has one. */
export function metaOf(params: JsonRpcParams | undefined): Readonly<Record<string, unknown>> | undefined {
  const meta = params?._meta;
  return isRecord(meta) ? meta : undefined;
}

/** Whether a request carries the modern per-request version (and so belongs to the stateless era). */
export function hasRequestMeta(params: JsonRpcParams | undefined): boolean {
  return metaOf(params)?.[META.protocolVersion] !== undefined;
}

/** Reads and checks the per-request fields; throws -32602 naming what is wrong. */
export function readRequestMeta(params: JsonRpcParams | undefined): RequestMeta {
  const meta = metaOf(params);
  if (meta === undefined) throw new McpError("invalid_params", `Invalid params: _meta with ${META.protocolVersion} and ${META.clientCapabilities} is required`);
  const protocolVersion = meta[META.protocolVersion];
  if (typeof protocolVersion !== "string" || protocolVersion === "") {
    throw new McpError("invalid_params", `Invalid params: _meta["${META.protocolVersion}"] must be a protocol version string`);
  }
  const clientCapabilities = meta[META.clientCapabilities];
  if (!isRecord(clientCapabilities)) throw new McpError("invalid_params", `Invalid params: _meta["${META.clientCapabilities}"] must be an object`);
  const clientInfo = meta[META.clientInfo];
  if (clientInfo !== undefined && !isRecord(clientInfo)) throw new McpError("invalid_params", `Invalid params: _meta["${META.clientInfo}"] must be an object`);
  const logLevel = meta[META.logLevel];
  if (logLevel !== undefined && !(LOG_LEVELS as readonly unknown[]).includes(logLevel)) {
    throw new McpError("invalid_params", `Invalid params: _meta["${META.logLevel}"] must be one of ${LOG_LEVELS.join(", ")}`);
  }
  return { protocolVersion, clientCapabilities, logLevel: logLevel as LogLevel | undefined };
}

/** -32022 for a version this server does not speak per request, listing the ones it does (basic/versioning). */
export function unsupportedVersion(requested: string): McpError {
  return new McpError("unsupported_protocol_version", `Unsupported protocol version: ${requested}`, { supported: STATELESS_PROTOCOL_VERSIONS, requested });
}
