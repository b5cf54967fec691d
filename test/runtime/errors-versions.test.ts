import { describe, expect, it } from "vitest";
import {
  LATEST_PROTOCOL_VERSION,
  McpError,
  SUPPORTED_PROTOCOL_VERSIONS,
  httpStatus,
  jsonRpcCode,
  negotiateVersion,
  type McpErrorCode,
} from "../../packages/runtime/src/index.js";

describe("error table", () => {
  const rows: ReadonlyArray<readonly [McpErrorCode, number, number]> = [
    ["parse_error", -32700, 400],
    ["invalid_request", -32600, 400],
    ["method_not_found", -32601, 404],
    ["invalid_params", -32602, 400],
    ["internal_error", -32603, 500],
    ["resource_not_found", -32002, 404],
    ["unauthorized", -32001, 401],
    ["forbidden", -32003, 403],
    ["rate_limited", -32004, 429],
    ["missing_client_capability", -32021, 400],
    ["unsupported_protocol_version", -32022, 400],
  ];
  it.each(rows)("%s → %i / HTTP %i", (code, rpc, http) => {
    expect(jsonRpcCode(code)).toBe(rpc);
    expect(httpStatus(code)).toBe(http);
  });

  it("serialises only code, message and data", () => {
    const error = new McpError("resource_not_found", "Resource not found", { uri: "x://y" });
    expect(error.toJsonRpc()).toEqual({ code: -32002, message: "Resource not found", data: { uri: "x://y" } });
    expect(JSON.stringify(error.toJsonRpc())).not.toContain("stack");
  });
});

describe("version negotiation", () => {
  it.each(SUPPORTED_PROTOCOL_VERSIONS.map((version) => [version]))("answers %s with itself", (version) => {
    expect(negotiateVersion(version)).toBe(version);
  });
  it.each([["2026-07-28"], ["1999-01-01"], [undefined], [42]])("answers %s with the latest", (requested) => {
    expect(negotiateVersion(requested)).toBe(LATEST_PROTOCOL_VERSION);
  });
  it("does not claim the stateless 2026-07-28 version yet", () => {
    expect(SUPPORTED_PROTOCOL_VERSIONS).not.toContain("2026-07-28");
    expect(LATEST_PROTOCOL_VERSION).toBe("2025-11-25");
  });
});
