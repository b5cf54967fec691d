/**
 * What `generate` warns about after it changed the generated code: handlers it
 * kept (user code it never touches) that no longer match the manifest. A renamed
 * input property or a changed output shows up as a type error; a removed entry
 * leaves an orphan file; an input that became required (a tool's input property,
 * a prompt's argument, a resource template's new variable) is a sign the handler
 * was not updated when the handler never reads it.
 */
import { readFileSync } from "node:fs";
import { handlerFile } from "../emit/handler-modules.js";
import { type InputKind, requiredInputsOfModel } from "../model/required-inputs.js";
import type { EntryNames, ManifestModel } from "../model/types.js";
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
  /** What each handler was sure to receive before this run (read before writing: check/previous-inputs.ts). */
  readonly previouslyRequired: RequiredInputs;
  readonly typecheck: boolean;
}

/** How a warning speaks of each kind of entry and its inputs. */
const WORDS: Readonly<Record<InputKind, { readonly entry: string; readonly input: string; readonly change: string }>> = {
  tools: { entry: "tool", input: "input property", change: "is now required by the manifest" },
  prompts: { entry: "prompt", input: "argument", change: "is now required by the manifest" },
  resourceTemplates: { entry: "resource template", input: "variable", change: "is new in the URI template" },
};

function unreadRequired(model: ManifestModel, kind: InputKind, entry: EntryNames, now: readonly string[], before: readonly string[]): KeptHandlerWarning[] {
  const added = now.filter((name) => !before.includes(name));
  if (added.length === 0) return [];
  const file = handlerFile(model, { module: entry.handlerModule });
  const found = inputReads(file, readFileSync(resolveInside(model.baseDir, file), "utf8"), entry.identifier);
  if (found === undefined || found.reads === "whole") return [];
  const reads = found.reads;
  const words = WORDS[kind];
  return added
    .filter((name) => !reads.has(name))
    .map((name) => ({
      file,
      line: found.line,
      column: found.column,
      message: `${words.entry} "${entry.name}": ${words.input} "${name}" ${words.change}, but the handler never reads it`,
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
  const now = requiredInputsOfModel(model);
  const entries: readonly (readonly [InputKind, readonly EntryNames[]])[] = [
    ["tools", model.tools],
    ["prompts", model.prompts],
    ["resourceTemplates", model.resourceTemplates],
  ];
  for (const [kind, list] of entries) {
    for (const entry of list) {
      // An entry new since the last run, or a handler just created, has nothing to catch up with.
      const before = inputs.previouslyRequired[kind].get(entry.name);
      if (before === undefined || !kept.has(handlerFile(model, { module: entry.handlerModule }))) continue;
      warnings.push(...unreadRequired(model, kind, entry, now[kind].get(entry.name) ?? [], before));
    }
  }
  if (inputs.typecheck && kept.size > 0) warnings.push(...(await typecheckHandlers(model, kept)));
  return warnings.sort(byPosition);
}
