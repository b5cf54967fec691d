/**
 * What every emitter returns: files with their ownership. A new artefact is a new
 * emitter, not a new branch in the writer.
 */

export type Ownership =
  /** Rewritten whenever its bytes change; never edited by hand. */
  | "generated"
  /** Created once; afterwards it belongs to the user and is never overwritten. */
  | "scaffold";

export interface PlannedFile {
  /** Path relative to the manifest's folder, forward slashes. */
  readonly path: string;
  readonly contents: string;
  readonly ownership: Ownership;
}
