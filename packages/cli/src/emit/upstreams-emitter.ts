/**
 * Emits `upstreams.gen.ts` for a manifest with imported tools (a tool `upstream` and
 * dependencies with `http`): the HTTP operation of each such tool, as the runtime's
 * `UpstreamOperation`. The tool's handler stub hands it to `callUpstream`, so a
 * re-import that changes an operation reaches the handler without touching it.
 */
import type { ManifestModel } from "../model/types.js";
import type { PlannedFile } from "./contract.js";
import { generatedHeader } from "./header.js";

/** Whether the manifest has anything for this file; the registry declares its path only then. */
export function hasUpstreams(model: ManifestModel): boolean {
  return model.tools.some((tool) => tool.upstream !== undefined);
}

const literal = (value: unknown): string => JSON.stringify(value);

export function emitUpstreams(model: ManifestModel): PlannedFile[] {
  if (!hasUpstreams(model)) return [];
  const apis = Object.entries(model.upstreamApis ?? {}).map(
    ([name, http]) =>
      `  ${literal(name)}: { dependency: ${literal(name)}, ${Object.entries(http)
        .map(([key, value]) => `${key}: ${literal(value)}`)
        .join(", ")} },`,
  );
  const operations = model.tools.flatMap((tool) => {
    if (tool.upstream === undefined) return [];
    const { dependency, method, path, parameters, body } = tool.upstream;
    const fields = [`api: apis[${literal(dependency)}]`, `method: ${literal(method)}`, `path: ${literal(path)}`, `parameters: ${literal(parameters)}`];
    if (body !== undefined) fields.push(`body: ${literal(body)}`);
    return [`  ${literal(tool.name)}: { ${fields.join(", ")} },`];
  });
  const contents = [
    generatedHeader(model),
    'import type { UpstreamApi, UpstreamOperation } from "@turbomcp/runtime";',
    "",
    "/** The upstream APIs (dependencies with `http`): base URL and auth, read from the environment at call time. */",
    "const apis = {",
    ...apis,
    "} as const satisfies Readonly<Record<string, UpstreamApi>>;",
    "",
    "/** The HTTP operation of each imported tool, by tool name: what its handler passes to `callUpstream`. */",
    "export const upstreams = {",
    ...operations,
    "} as const satisfies Readonly<Record<string, UpstreamOperation>>;",
    "",
  ].join("\n");
  return [{ path: `${model.codegen.generatedDir}/upstreams.gen.ts`, contents, ownership: "generated" }];
}
