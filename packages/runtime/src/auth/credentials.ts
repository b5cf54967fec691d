/**
 * Reading a credential out of the request headers, the same way for every scheme.
 * Node lower-cases header names; a repeated header arrives as an array of its values
 * (`authRequestOf`: Node's own `req.headers` would keep only the first
 * `Authorization`), which we refuse rather than guess which one was meant.
 */
import type { AuthRequest } from "./authenticator.js";

export type Credential =
  | { readonly kind: "none" }
  /** Sent, but not usable: repeated, empty after the scheme, or with characters a token cannot have. */
  | { readonly kind: "malformed" }
  | { readonly kind: "present"; readonly value: string };

const NONE: Credential = Object.freeze({ kind: "none" });
const MALFORMED: Credential = Object.freeze({ kind: "malformed" });

/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** A key in a header of its own: visible ASCII, no spaces (which would also mean a joined repeat). */
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

/** Whether the header came more than once. */
export function isRepeated(request: AuthRequest, name: string): boolean {
  const value = request.headers[name];
  return typeof value === "object" && value.length > 1;
}

function single(request: AuthRequest, name: string): string | undefined | null {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  return value.length === 1 ? (value[0] ?? null) : null;
}

/** `Authorization: Bearer <token>`. Another scheme (`Basic …`) is not ours: none. */
export function bearerCredential(request: AuthRequest): Credential {
  const header = single(request, "authorization");
  if (header === undefined) return NONE;
  if (header === null) return MALFORMED;
  const match = /^bearer(?:[ \t]+(.*))?$/i.exec(header.trim());
  if (match === null) return NONE;
  const token = match[1]?.trim() ?? "";
  return B64TOKEN.test(token) ? { kind: "present", value: token } : MALFORMED;
}

/** A key sent as the whole value of a named header, e.g. `x-api-key`. */
export function headerCredential(request: AuthRequest, name: string): Credential {
  const header = single(request, name);
  if (header === undefined) return NONE;
  if (header === null) return MALFORMED;
  const value = header.trim();
  if (value === "") return NONE;
  return HEADER_TOKEN.test(value) ? { kind: "present", value } : MALFORMED;
}
