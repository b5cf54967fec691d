/**
 * Protocol versions and their negotiation (basic/lifecycle: "If the server supports
 * the requested protocol version, it MUST respond with the same version. Otherwise,
 * the server MUST respond with another protocol version it supports", the latest).
 */

/** Versions served over the initialize handshake, oldest first. */
export const SUPPORTED_PROTOCOL_VERSIONS = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"] as const;

export type ProtocolVersion = (typeof SUPPORTED_PROTOCOL_VERSIONS)[number];

export const LATEST_PROTOCOL_VERSION: ProtocolVersion = "2025-11-25";

/**
 * Stateless versions (no initialize; version per request) join here once the
 * 2026-07-28 mode exists. Until then the server must not claim to support them, so
 * an initialize that asks for one is answered with the latest stateful version.
 */
export const STATELESS_PROTOCOL_VERSIONS: readonly string[] = [];

export function isSupportedVersion(version: unknown): version is ProtocolVersion {
  return typeof version === "string" && (SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

/** The version to answer an `initialize` with. */
export function negotiateVersion(requested: unknown): ProtocolVersion {
  return isSupportedVersion(requested) ? requested : LATEST_PROTOCOL_VERSION;
}

/** Whether `version` is `since` or newer; version strings are ISO dates, so they sort as text. */
export function versionAtLeast(version: string, since: string): boolean {
  return version >= since;
}
