/**
 * How a client runs a project's server, in the terms of client-config.ts: the
 * built entry started with node, the published package started with npx, or the
 * deployed HTTP endpoint with the headers its auth asks for.
 */
import path from "node:path";
import type { AuthPolicy } from "@turbomcp/runtime";
import type { ManifestModel } from "../model/types.js";
import type { HttpLaunch, LaunchHeader, LaunchVariable, StdioLaunch } from "./client-config.js";
import { serverEnvironment } from "./environment.js";
import type { ProjectPackage } from "./package-info.js";

/**
 * The compiled server entry: `generatedDir` under `src/` compiles to the same
 * place under `dist/` (init's tsconfig: rootDir src, outDir dist), as the
 * project's `npm start` runs it.
 */
export function builtEntry(model: ManifestModel): string {
  const generated = model.codegen.generatedDir.replace(/^src(\/|$)/, "dist$1");
  return path.posix.join(generated, "server.gen.js");
}

function variablesOf(model: ManifestModel): readonly LaunchVariable[] {
  return serverEnvironment(model).map((variable) => ({
    name: variable.name,
    secret: variable.secret,
    ...(variable.description === undefined ? {} : { description: variable.description }),
  }));
}

/** `node /abs/path/dist/generated/server.gen.js --transport stdio`, for a project built on this machine. */
export function localLaunch(model: ManifestModel): StdioLaunch {
  const entry = path.join(model.baseDir, ...builtEntry(model).split("/"));
  return { transport: "stdio", command: "node", args: [entry, "--transport", "stdio"], env: variablesOf(model) };
}

/** `npx -y name@version --transport stdio`, for the package as published. */
export function npmLaunch(model: ManifestModel, pkg: ProjectPackage): StdioLaunch {
  return { transport: "stdio", command: "npx", args: ["-y", `${pkg.name}@${pkg.version}`, "--transport", "stdio"], env: variablesOf(model) };
}

/**
 * The header the first auth scheme reads credentials from (schemes are tried in
 * order, so one that works is enough): `Authorization: Bearer …` for JWT and
 * OAuth, the API key's own header otherwise.
 */
export function authHeaders(auth: AuthPolicy | undefined): readonly LaunchHeader[] {
  const scheme = auth?.schemes[0];
  if (scheme === undefined) return [];
  if (scheme.type === "apiKey") {
    const header = scheme.header;
    return header.toLowerCase() === "authorization"
      ? [{ name: "Authorization", description: "API key", prefix: "Bearer " }]
      : [{ name: header, description: "API key" }];
  }
  return [{ name: "Authorization", description: scheme.type === "jwt" ? "JWT bearer token" : "OAuth access token", prefix: "Bearer " }];
}

/** The same headers as the registry and the Server Card describe a remote's inputs: required, secret, a `Bearer` value built from a `token` variable. */
export function headerInputs(auth: AuthPolicy | undefined): readonly Record<string, unknown>[] {
  return authHeaders(auth).map((header) => ({
    name: header.name,
    description: header.description ?? header.name,
    isRequired: true,
    isSecret: true,
    ...(header.prefix === undefined
      ? {}
      : { value: `${header.prefix}{token}`, variables: { token: { description: header.description ?? header.name, isRequired: true, isSecret: true } } }),
  }));
}

export function httpLaunch(model: ManifestModel, url: string): HttpLaunch {
  return { transport: "http", url, headers: authHeaders(model.auth) };
}
