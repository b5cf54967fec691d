/**
 * Builds the HTTP request of one upstream operation from a tool's validated input:
 * the URL with its path and query parameters, the headers (auth included) and the body.
 */
import type { UpstreamApi, UpstreamOperation } from "./types.js";

export interface UpstreamRequest {
  readonly url: URL;
  readonly init: { readonly method: string; readonly headers: Headers; readonly body?: string | FormData | URLSearchParams };
}

type Env = Readonly<Record<string, string | undefined>>;

/** A configuration mistake of the server's operator, not of the model's call: it is logged, the client sees an internal error. */
export class UpstreamConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpstreamConfigError";
  }
}

/** Scalars as text; anything else as JSON (the description's `style` variants are not modelled). */
function text(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

function baseUrlOf(api: UpstreamApi, env: Env): URL {
  const configured = env[api.baseUrlEnv];
  const base = configured !== undefined && configured !== "" ? configured : api.baseUrl;
  if (base === undefined) throw new UpstreamConfigError(`upstream "${api.dependency}" has no base URL: set the environment variable ${api.baseUrlEnv}`);
  try {
    return new URL(base.endsWith("/") ? base : `${base}/`);
  } catch {
    throw new UpstreamConfigError(
      `upstream "${api.dependency}": ${JSON.stringify(base)} is not an absolute URL (from ${configured === undefined ? "the manifest" : api.baseUrlEnv})`,
    );
  }
}

function secret(api: UpstreamApi, name: string, env: Env): string {
  const value = env[name];
  if (value === undefined || value === "")
    throw new UpstreamConfigError(`upstream "${api.dependency}" needs a credential: set the environment variable ${name}`);
  return value;
}

function encodeBody(value: unknown, contentType: string): string | FormData | URLSearchParams {
  if (contentType === "application/x-www-form-urlencoded" || contentType === "multipart/form-data") {
    // fetch sets the multipart boundary itself, so that content type is not sent by hand.
    const form = contentType === "multipart/form-data" ? new FormData() : new URLSearchParams();
    if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue;
        for (const one of Array.isArray(item) ? (item as unknown[]) : [item]) form.append(key, text(one));
      }
    }
    return form;
  }
  return /[/+]json(;|$)/.test(contentType) ? JSON.stringify(value) : text(value);
}

export function buildRequest(operation: UpstreamOperation, input: object, env: Env): UpstreamRequest {
  const values = new Map<string, unknown>(Object.entries(input));
  const headers = new Headers({ accept: "application/json, */*;q=0.5" });
  const cookies: string[] = [];
  let path = operation.path;
  const query = new URLSearchParams();
  for (const [property, parameter] of Object.entries(operation.parameters)) {
    const value = values.get(property);
    if (value === undefined) continue;
    if (parameter.in === "path") path = path.split(`{${parameter.name}}`).join(encodeURIComponent(text(value)));
    else if (parameter.in === "query") for (const one of Array.isArray(value) ? (value as unknown[]) : [value]) query.append(parameter.name, text(one));
    else if (parameter.in === "header") headers.set(parameter.name, text(value));
    else cookies.push(`${parameter.name}=${encodeURIComponent(text(value))}`);
  }
  if (cookies.length > 0) headers.set("cookie", cookies.join("; "));
  const auth = operation.api.auth;
  if (auth?.type === "bearer") headers.set("authorization", `Bearer ${secret(operation.api, auth.tokenEnv, env)}`);
  else if (auth?.type === "apiKey" && auth.in === "header") headers.set(auth.name, secret(operation.api, auth.keyEnv, env));
  else if (auth?.type === "apiKey") query.append(auth.name, secret(operation.api, auth.keyEnv, env));
  // Relative to the base URL's path: "/pets" under "https://api.example/v1/" is "https://api.example/v1/pets".
  const url = new URL(path.replace(/^\//, ""), baseUrlOf(operation.api, env));
  for (const [name, value] of query) url.searchParams.append(name, value);
  const body = operation.body === undefined ? undefined : values.get(operation.body.property);
  if (operation.body === undefined || body === undefined) return { url, init: { method: operation.method, headers } };
  if (operation.body.contentType !== "multipart/form-data") headers.set("content-type", operation.body.contentType);
  return { url, init: { method: operation.method, headers, body: encodeBody(body, operation.body.contentType) } };
}
