/**
 * What `generate` warns about after it changed the generated code: handlers it
 * kept (user code it never touches) that no longer match the manifest. A renamed
 * input property or a changed output shows up as a type error; a removed entry
 * leaves an orphan file; a property that became required is a sign the handler
 * was not updated when the handler never reads it.
 */
import { readFileSync } from "node:fs";
import { handlerFile } from "../emit/handler-modules.js";
import type { ManifestModel, ToolModel } from "../model/types.js";
import { resolveInside } from "../util/safe-path.js";
import { findOrphanHandlers } from "./drift.js";
import { inputReads } from "./input-reads.js";
import type { RequiredInputs } from "./previous-inputs.js";
import { typecheckHandlers } from "./typecheck.js";

export interface KeptHandlerWarning {
  /** Relative to the manifest's folder. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface KeptHandlerInputs {
  /** Handler files `generate` left alone, relative to the manifest's folder. */
  readonly kept: readonly string[];
  /** What each tool required before this run (from the routing table on disk before writing). */
  readonly previouslyRequired: RequiredInputs;
  readonly typecheck: boolean;
}

function requiredOf(tool: ToolModel): string[] {
  const required = tool.inputSchema.required;
  return Array.isArray(required) ? required.filter((name): name is string => typeof name === "string") : [];
}

function unreadRequired(model: ManifestModel, tool: ToolModel, before: ReadonlySet<string>): KeptHandlerWarning[] {
  const added = requiredOf(tool).filter((name) => !before.has(name));
  if (added.length === 0) return [];
  const file = handlerFile(model, { module: tool.handlerModule });
  const found = inputReads(file, readFileSync(resolveInside(model.baseDir, file), "utf8"), tool.identifier);
  if (found === undefined || found.reads === "whole") return [];
  const reads = found.reads;
  return added
    .filter((name) => !reads.has(name))
    .map((name) => ({
      file,
      line: found.line,
      column: found.column,
      message: `tool "${tool.name}": input property "${name}" is now required by the manifest, but the handler never reads it`,
    }));
}

function orphanWarning(file: string): KeptHandlerWarning {
  return { file, line: 1, column: 1, message: "no manifest entry uses this handler (was it removed or renamed?): delete the file or add the entry back" };
}

function byPosition(a: KeptHandlerWarning, b: KeptHandlerWarning): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

export async function keptHandlerWarnings(model: ManifestModel, inputs: KeptHandlerInputs): Promise<KeptHandlerWarning[]> {
  const kept = new Set(inputs.kept);
  const warnings = findOrphanHandlers(model).map(orphanWarning);
  for (const tool of model.tools) {
    const before = inputs.previouslyRequired.get(tool.name);
    if (before !== undefined && kept.has(handlerFile(model, { module: tool.handlerModule }))) warnings.push(...unreadRequired(model, tool, before));
  }
  if (inputs.typecheck && kept.size > 0) warnings.push(...(await typecheckHandlers(model, kept)));
  return warnings.sort(byPosition);
}
