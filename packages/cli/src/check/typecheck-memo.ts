/**
 * The last type check's answer, kept with everything it depended on, so a check in
 * which nothing changed answers without building a program (parsing and binding
 * every file, the runtime's and Node's declarations included, is most of a check).
 *
 * A program is a function of the compiler's version and options, its root files and
 * the answers its host gave: the text of every file read, whether each path probed
 * during module resolution existed, real paths and directory listings. The memo
 * records those answers as the program asks for them and, before it is trusted,
 * asks every question again of a fresh host: one changed byte, a new file where
 * resolution once probed, a package installed or removed, and the check runs in
 * full. Its answers are therefore exactly those of a full check.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ts as TS } from "ts-morph";

/** The host questions a program asked, each with its first answer. */
export interface Answers {
  /** Path → hash of the text read, or null when there was none. */
  readonly reads: Record<string, string | null>;
  readonly files: Record<string, boolean>;
  readonly directories: Record<string, boolean>;
  readonly realpaths: Record<string, string>;
  readonly listings: Record<string, readonly string[]>;
}

interface StoredMemo<T> {
  readonly key: string;
  readonly answers: Answers;
  readonly result: T;
}

const hashText = (text: string | undefined): string | null => (text === undefined ? null : createHash("sha256").update(text).digest("hex"));

/** Wraps `host` so that every answer it gives is recorded in the returned object. */
export function recordAnswers(host: TS.CompilerHost): Answers {
  const answers: Answers = { reads: {}, files: {}, directories: {}, realpaths: {}, listings: {} };
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const directoryExists = host.directoryExists?.bind(host);
  const realpath = host.realpath?.bind(host);
  const getDirectories = host.getDirectories?.bind(host);
  host.readFile = (file) => {
    const text = readFile(file);
    answers.reads[file] ??= hashText(text);
    return text;
  };
  host.fileExists = (file) => {
    const exists = fileExists(file);
    answers.files[file] ??= exists;
    return exists;
  };
  if (directoryExists !== undefined)
    host.directoryExists = (directory) => {
      const exists = directoryExists(directory);
      answers.directories[directory] ??= exists;
      return exists;
    };
  if (realpath !== undefined)
    host.realpath = (file) => {
      const real = realpath(file);
      answers.realpaths[file] ??= real;
      return real;
    };
  if (getDirectories !== undefined)
    host.getDirectories = (directory) => {
      const listing = getDirectories(directory);
      answers.listings[directory] ??= listing;
      return listing;
    };
  return answers;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((entry, index) => entry === b[index]);

/** True when `host` still gives every recorded answer. */
function stillAnswered(answers: Answers, host: TS.CompilerHost): boolean {
  return (
    Object.entries(answers.files).every(([file, exists]) => host.fileExists(file) === exists) &&
    Object.entries(answers.directories).every(([directory, exists]) => host.directoryExists?.(directory) === exists) &&
    Object.entries(answers.realpaths).every(([file, real]) => host.realpath?.(file) === real) &&
    Object.entries(answers.listings).every(([directory, listing]) => sameList(host.getDirectories?.(directory) ?? [], listing)) &&
    Object.entries(answers.reads).every(([file, hash]) => hashText(host.readFile(file)) === hash)
  );
}

/**
 * The result saved in `file` under `key`, if every answer it depended on is still
 * what `host` (a fresh, unwrapped host) gives; otherwise undefined.
 */
export function recalledResult<T>(file: string, key: string, host: TS.CompilerHost): T | undefined {
  let stored: StoredMemo<T>;
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as StoredMemo<T>;
  } catch {
    return undefined;
  }
  try {
    return stored.key === key && stillAnswered(stored.answers, host) ? stored.result : undefined;
  } catch {
    // A memo that is not ours, or from a version that stored other shapes.
    return undefined;
  }
}

/** The text to save: `result` with the answers it depended on. */
export function memoText<T>(key: string, answers: Answers, result: T): string {
  const stored: StoredMemo<T> = { key, answers, result };
  return JSON.stringify(stored);
}
