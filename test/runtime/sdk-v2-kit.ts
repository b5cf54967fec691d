/**
 * Shared pieces of the SDK v2 interop scenarios: one connection per describe block,
 * the version record every group starts with, and matchers that hold in both eras.
 */
import { type ElicitRequest, ResourceNotFoundError } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Example, MODERN_VERSION, type Peer, type Profile, type TransportKind, connectV2 } from "../helpers/sdk-v2.js";

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Log and update notifications may be dispatched a little after the result that follows them. */
export const POLL = { timeout: 5_000 } as const;

export interface PeerContext {
  readonly peer: Peer;
}

/** One v2 client per describe block, connected before its tests and closed after them. */
export function usePeer(example: Example, kind: TransportKind, profile: Profile): PeerContext {
  let current: Peer | undefined;
  beforeAll(async () => {
    current = await connectV2(example, kind, profile);
  });
  afterAll(async () => {
    await current?.close();
  });
  return {
    get peer(): Peer {
      if (current === undefined) throw new Error(`no ${example} connection (${profile.name} over ${kind})`);
      return current;
    },
  };
}

/** The first test of every group: the version the client ended up with. */
export function recordsVersion(context: PeerContext, profile: Profile): void {
  it(`ends up at protocol version ${profile.expectedVersion}`, () => {
    expect(context.peer.version()).toBe(profile.expectedVersion);
    expect(context.peer.modern()).toBe(isModern(profile));
  });
}

export function isModern(profile: Profile): boolean {
  return profile.expectedVersion >= MODERN_VERSION;
}

/** The message and schema of a form-mode elicitation (the mode field is optional before 2026-07-28). */
export function form(params: ElicitRequest["params"] | undefined): { message: string; requestedSchema: unknown } | undefined {
  return params !== undefined && "requestedSchema" in params ? { message: params.message, requestedSchema: params.requestedSchema } : undefined;
}

/**
 * A `resources/read` miss. The v2 client turns the error, sent as -32002 (2025
 * servers) or -32602 (the 2026-07-28 code), into ResourceNotFoundError when its
 * data carries the URI (at -32602: nothing but the URI), so the code on the wire
 * is not visible here.
 */
export async function expectNotFound(read: Promise<unknown>, uri: string): Promise<void> {
  const error: unknown = await read.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `${uri} was read`).toBeInstanceOf(ResourceNotFoundError);
  expect(error).toMatchObject({ data: { uri } });
}

/**
 * A result without its `_meta`: 2026-07-28 servers stamp their identity there on
 * every result (`io.modelcontextprotocol/serverInfo`), 2025-era ones need not.
 */
export function bare<T extends object>(result: T): Omit<T, "_meta"> {
  const { _meta: _ignored, ...rest } = result as T & { _meta?: unknown };
  return rest;
}
