/**
 * What a tool imported from an OpenAPI description knows about the HTTP operation it
 * calls. `turbomcp import openapi` records it in the manifest (`dependencies.<name>.http`
 * and each tool's `upstream`), and `turbomcp generate` writes it to `upstreams.gen.ts`,
 * which the tool's handler hands to `callUpstream`.
 */

/** How the upstream authenticates calls; the secret itself is read from the environment at call time. */
export type UpstreamAuth =
  /** `Authorization: Bearer <token>`, the token from `tokenEnv`. */
  | { readonly type: "bearer"; readonly tokenEnv: string }
  /** An API key in a header or a query parameter called `name`, the key from `keyEnv`. */
  | { readonly type: "apiKey"; readonly in: "header" | "query"; readonly name: string; readonly keyEnv: string };

/** One upstream HTTP API: where it is and how to authenticate. */
export interface UpstreamApi {
  /** The manifest's dependency: its circuit breaker (`ctx.dependency(name)`) and its `timeoutMs` guard every call. */
  readonly dependency: string;
  /** The environment variable holding the base URL; it wins over `baseUrl`. */
  readonly baseUrlEnv: string;
  /** The base URL from the description, used when `baseUrlEnv` is unset. */
  readonly baseUrl?: string;
  readonly auth?: UpstreamAuth;
}

export type UpstreamParameterLocation = "path" | "query" | "header" | "cookie";

export type UpstreamMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" | "TRACE";

/** One operation: an input property becomes a path, query, header or cookie parameter, or the request body. */
export interface UpstreamOperation {
  readonly api: UpstreamApi;
  readonly method: UpstreamMethod;
  /** The path template, with `{name}` placeholders, appended to the base URL. */
  readonly path: string;
  /** By input property: where it goes and its name on the wire (they differ when two locations share a name). */
  readonly parameters: Readonly<Record<string, { readonly in: UpstreamParameterLocation; readonly name: string }>>;
  /** The input property sent as the body, and its media type (JSON, form or multipart). */
  readonly body?: { readonly property: string; readonly contentType: string };
}

/** Seams for tests and special deployments; a generated handler passes none. */
export interface UpstreamCallOptions {
  /** Where base URLs and secrets are read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
}
