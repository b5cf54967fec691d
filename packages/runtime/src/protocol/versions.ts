/**
 * Protocol versions, in two eras (basic/versioning, 2026-07-28):
 * - legacy versions open a connection with the `initialize` handshake, and the server
 *   answers with the requested version when it speaks it, else with its latest
 *   (basic/lifecycle: "the server MUST respond with another protocol version it supports");
 * - modern versions carry version and client capabilities in every request's `_meta`;
 *   there is no handshake, and an unknown version is refused (-32022).
 * This server is dual-era: it serves both, on every transport.
 */

/** Versions served over the initialize handshake, oldest first. */
export const SUPPORTED_PROTOCOL_VERSIONS = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"] as const;

export type ProtocolVersion = (typeof SUPPORTED_PROTOCOL_VERSIONS)[number];

/** The newest legacy version: what `initialize` falls back to. */
export const LATEST_PROTOCOL_VERSION: ProtocolVersion = "2025-11-25";

/** The one version with JSON-RPC batches (2025-03-26 added them, 2025-06-18 removed them). */
export const BATCH_VERSION = "2025-03-26";

/** Stateless versions (per-request `_meta`, `server/discover`), newest first as `server/discover` lists them. */
export const STATELESS_PROTOCOL_VERSIONS = ["2026-07-28"] as const;

export type StatelessProtocolVersion = (typeof STATELESS_PROTOCOL_VERSIONS)[number];

export function isSupportedVersion(version: unknown): version is ProtocolVersion {
  return typeof version === "string" && (SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

export function isStatelessVersion(version: unknown): version is StatelessProtocolVersion {
  return typeof version === "string" && (STATELESS_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

/** The version to answer an `initialize` with. */
export function negotiateVersion(requested: unknown): ProtocolVersion {
  return isSupportedVersion(requested) ? requested : LATEST_PROTOCOL_VERSION;
}

/** Whether `version` is `since` or newer; version strings are ISO dates, so they sort as text. */
export function versionAtLeast(version: string, since: string): boolean {
  return version >= since;
}
