/**
 * What a description says about the API as a whole: the server's identity, the
 * dependency's name, the base URL (OpenAPI 3 `servers`, Swagger 2 `host` and
 * `basePath`) and how calls authenticate, with the environment variables that will
 * hold the base URL and the secret.
 */
import type { UpstreamAuth } from "@turbomcp/runtime";
import type { UpstreamHttpInput } from "../../model/manifest-input.js";
import { type JsonRecord, asArray, asRecord, asString } from "./json-value.js";
import type { LoadedDescription } from "./load-description.js";

/** `Swagger Petstore - OpenAPI 3.0` → `swagger-petstore-openapi-3.0`, a dependency and server name. */
export function apiName(title: string | undefined): string {
  const name = (title ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^[^a-z]+|[-.]+$/g, "")
    .slice(0, 64)
    .replace(/[-.]+$/g, "");
  return name === "" ? "api" : name;
}

/** `swagger-petstore` → `SWAGGER_PETSTORE`, the prefix of its environment variables. */
export function envPrefix(name: string): string {
  const prefix = name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[A-Z_]/.test(prefix) ? prefix : `API_${prefix}`;
}

function serverUrl(description: LoadedDescription): string | undefined {
  const { document } = description;
  let url: string | undefined;
  if (description.version === "2.0") {
    const host = asString(document.host);
    const schemes = asArray(document.schemes).flatMap((scheme) => (typeof scheme === "string" ? [scheme] : []));
    const scheme = schemes.includes("https") ? "https" : (schemes[0] ?? "https");
    url = host === undefined ? asString(document.basePath) : `${scheme}://${host}${asString(document.basePath) ?? ""}`;
  } else {
    const server = asRecord(asArray(document.servers)[0]);
    url = asString(server?.url);
    // Server variables take their defaults: `https://{region}.api.example` → `https://eu.api.example`.
    const variables = asRecord(server?.variables) ?? {};
    if (url !== undefined) url = url.replace(/\{([^}]+)\}/g, (whole, name: string) => asString(asRecord(variables[name])?.default) ?? whole);
  }
  if (url === undefined) return undefined;
  // The parser makes a relative server URL absolute from the description's URL, but with its host name only
  // (no port): the description's own host is put back. (An absolute URL to that host without a port is rare.)
  const loadedFrom = description.url;
  const mangled = loadedFrom === undefined ? undefined : `${loadedFrom.protocol}//${loadedFrom.hostname}/`;
  if (loadedFrom !== undefined && mangled !== undefined && loadedFrom.port !== "" && url.startsWith(mangled))
    url = `${loadedFrom.origin}/${url.slice(mangled.length)}`;
  try {
    // A relative URL means "relative to where the description is": known only for a URL.
    return new URL(url, description.url).toString().replace(/\/$/, "");
  } catch {
    return undefined;
  }
}

interface AuthChoice {
  readonly auth?: UpstreamAuth;
  /** Schemes the description declares that the import cannot send (basic, cookie API keys, mutual TLS). */
  readonly unsupported: readonly string[];
}

function schemeAuth(scheme: JsonRecord, prefix: string): UpstreamAuth | undefined {
  const type = asString(scheme.type);
  if (type === "oauth2" || type === "openIdConnect" || (type === "http" && asString(scheme.scheme)?.toLowerCase() === "bearer")) {
    return { type: "bearer", tokenEnv: `${prefix}_TOKEN` };
  }
  const where = asString(scheme.in);
  const name = asString(scheme.name);
  if (type === "apiKey" && (where === "header" || where === "query") && name !== undefined && name !== "") {
    return { type: "apiKey", in: where, name, keyEnv: `${prefix}_API_KEY` };
  }
  return undefined;
}

/** The first scheme of the description's top-level `security` it can send, else the first declared one. */
function chooseAuth(document: JsonRecord, prefix: string): AuthChoice {
  const schemes = asRecord(document.securityDefinitions) ?? asRecord(asRecord(document.components)?.securitySchemes) ?? {};
  const required = asArray(document.security).flatMap((requirement) => Object.keys(asRecord(requirement) ?? {}));
  const order = [...new Set([...required, ...Object.keys(schemes)])];
  const unsupported: string[] = [];
  for (const name of order) {
    const scheme = asRecord(schemes[name]);
    if (scheme === undefined) continue;
    const auth = schemeAuth(scheme, prefix);
    if (auth !== undefined) return { auth, unsupported };
    unsupported.push(name);
  }
  return { unsupported };
}

export interface ApiDescription {
  readonly name: string;
  readonly http: UpstreamHttpInput;
  readonly unsupportedAuth: readonly string[];
}

export function describeApi(description: LoadedDescription, name: string): ApiDescription {
  const prefix = envPrefix(name);
  const baseUrl = serverUrl(description);
  const { auth, unsupported } = chooseAuth(description.document, prefix);
  const http: UpstreamHttpInput = {
    baseUrlEnv: `${prefix}_BASE_URL`,
    ...(baseUrl === undefined || !/^https?:/.test(baseUrl) ? {} : { baseUrl }),
    ...(auth === undefined ? {} : { auth }),
  };
  return { name, http, unsupportedAuth: unsupported };
}
