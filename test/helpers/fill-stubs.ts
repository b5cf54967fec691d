/**
 * Fills every handler (and custom middleware) stub of a generated project, as a user would: the
 * `throw notImplemented(…)` line becomes a `return` of a value the handler's
 * declared type accepts (for a tool with an outputSchema, a sample of that schema),
 * so `check --strict` passes and the project type-checks and answers.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ManifestModel } from "../../packages/cli/src/model/types.js";
import { literal, sampleFromSchema } from "./sample-from-schema.js";

const STUB_CALL = /throw notImplemented\("(tool|resource|resourceTemplate|prompt|completion|middleware)", ("(?:[^"\\]|\\.)*")\);/g;

function returnFor(model: ManifestModel, kind: string, name: string): string {
  if (kind === "completion") return "return [];";
  // A custom middleware passes every call on.
  if (kind === "middleware") return "return next();";
  if (kind !== "tool") return 'return "ok";';
  const tool = model.tools.find((entry) => entry.name === name);
  if (tool === undefined) throw new Error(`fillStubs: a stub for tool ${name}, which the manifest does not have`);
  return tool.outputSchema === undefined ? 'return "ok";' : `return ${literal(sampleFromSchema(tool.outputSchema))};`;
}

/** Rewrites the stubs under the model's handlers folder; returns how many it filled. */
export function fillStubs(model: ManifestModel): number {
  const handlersDir = path.join(model.baseDir, model.codegen.handlersDir);
  let filled = 0;
  if (!existsSync(handlersDir)) return filled;
  for (const entry of readdirSync(handlersDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, "utf8");
    const next = text.replace(STUB_CALL, (_call, kind: string, name: string) => {
      filled += 1;
      return returnFor(model, kind, JSON.parse(name) as string);
    });
    if (next !== text) writeFileSync(file, next);
  }
  return filled;
}
