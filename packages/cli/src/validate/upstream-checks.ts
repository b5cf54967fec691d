/**
 * Checks of a tool's `upstream` (an imported HTTP operation) the schema cannot
 * express: the dependency it names has `http`, every parameter and the body are
 * properties of the tool's inputSchema, and each `{name}` of the path is filled.
 */
import type { ManifestModel } from "../model/types.js";
import { joinPointer } from "../util/json-pointer.js";

type Report = (pointer: string, message: string) => void;

function inputProperties(schema: unknown): ReadonlySet<string> {
  const properties = typeof schema === "object" && schema !== null && "properties" in schema ? schema.properties : undefined;
  return new Set(typeof properties === "object" && properties !== null ? Object.keys(properties) : []);
}

export function checkUpstreams(model: ManifestModel, report: Report): void {
  for (const tool of model.tools) {
    const upstream = tool.upstream;
    if (upstream === undefined) continue;
    const at = `${tool.pointer}/upstream`;
    if (model.upstreamApis?.[upstream.dependency] === undefined) {
      const declared = Object.keys(model.upstreamApis ?? {});
      report(
        `${at}/dependency`,
        `dependency "${upstream.dependency}" is not declared with "http" under "dependencies"${declared.length === 0 ? "" : ` (with http: ${declared.join(", ")})`}`,
      );
    }
    const properties = inputProperties(tool.inputSchema);
    for (const [property, parameter] of Object.entries(upstream.parameters)) {
      if (!properties.has(property)) report(joinPointer(`${at}/parameters`, property), `"${property}" is not a property of this tool's inputSchema`);
      if (parameter.in === "path" && !upstream.path.includes(`{${parameter.name}}`)) {
        report(joinPointer(`${at}/parameters`, property), `path parameter "${parameter.name}" does not appear in the path ${upstream.path}`);
      }
    }
    if (upstream.body !== undefined && !properties.has(upstream.body.property)) {
      report(`${at}/body/property`, `"${upstream.body.property}" is not a property of this tool's inputSchema`);
    }
    const filled = new Set(Object.values(upstream.parameters).flatMap((parameter) => (parameter.in === "path" ? [parameter.name] : [])));
    for (const [, name] of upstream.path.matchAll(/\{([^}]+)\}/g)) {
      if (name !== undefined && !filled.has(name)) report(`${at}/path`, `"{${name}}" has no parameter with "in": "path" and "name": "${name}"`);
    }
  }
}
