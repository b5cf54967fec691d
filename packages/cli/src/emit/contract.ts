/**
 * The emitter contract: every artefact the generator writes comes from an
 * `Emitter` listed in `registry.ts`. A new artefact is a new emitter there, not a
 * new branch in the pipeline, the writer or `check`.
 */
import type { ManifestModel } from "../model/types.js";

export type Ownership =
  /** Rewritten whenever its bytes change; never edited by hand. */
  | "generated"
  /** Created once; afterwards it belongs to the user and is never overwritten. */
  | "scaffold";

/** One file of the plan: what an emitter returns, what the writer writes and `check` compares. */
export interface PlannedFile {
  /** Path relative to the manifest's folder, forward slashes. */
  readonly path: string;
  readonly contents: string;
  readonly ownership: Ownership;
}

/**
 * Turns the normalised model into files. The rules every emitter keeps:
 *
 * - It reads only the model (and what is derived from it alone, such as the
 *   compiled validator and type sets): never the raw manifest, the disk or the
 *   output of another emitter.
 * - It is deterministic: the same model gives the same bytes, on every machine.
 * - It reports nothing to the user. Anything a manifest can get wrong (bad
 *   content, unsafe paths, clashing names) is found by validation (`validate/`,
 *   `model/`) before any emitter runs, with the file, JSON pointer and line of the
 *   problem. An exception thrown by `emit` is a bug in turbomcp (exit code 2).
 * - `paths` names exactly the files `emit` returns, in the same order, without
 *   emitting: `check` lists the generated files from it to trust their
 *   fingerprints without loading any emitter. The pipeline verifies it, and that
 *   every file has the emitter's `ownership`.
 *
 * The pipeline runs the generated emitters in registry order, then seals their
 * files with `fingerprint.gen.json` (not an emitter: it digests the other files),
 * then runs the scaffold emitters.
 *
 * @example
 * ```ts
 * import type { Emitter } from "./contract.js";
 * import { generatedHeader } from "./header.js";
 *
 * // `tool-names.gen.ts`: the names of the manifest's tools, as a constant.
 * export const toolNamesEmitter: Emitter = {
 *   name: "tool-names",
 *   ownership: "generated",
 *   paths: (model) => [`${model.codegen.generatedDir}/tool-names.gen.ts`],
 *   emit: (model) => [
 *     {
 *       path: `${model.codegen.generatedDir}/tool-names.gen.ts`,
 *       contents: `${generatedHeader(model)}\nexport const toolNames = ${JSON.stringify(model.tools.map((tool) => tool.name))} as const;\n`,
 *       ownership: "generated",
 *     },
 *   ],
 * };
 * ```
 */
export interface Emitter {
  /** Names the emitter in internal errors; unique in the registry. */
  readonly name: string;
  /** The ownership of every file it emits. */
  readonly ownership: Ownership;
  /** The paths `emit` returns, in order, computed without emitting (cheap, no heavy imports). */
  paths(model: ManifestModel): readonly string[];
  emit(model: ManifestModel): readonly PlannedFile[] | Promise<readonly PlannedFile[]>;
}
