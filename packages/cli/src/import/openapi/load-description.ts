/**
 * Reads an OpenAPI description (a file or an http(s) URL, JSON or YAML) and
 * dereferences it with `@readme/openapi-parser`: every `$ref`, local or to
 * other files, is replaced by its target (shared objects, loops kept as loops; the
 * schema converter cuts them). Anything wrong with the input is a `UserError`
 * naming the file, never a stack trace.
 */
import path from "node:path";
import { dereference } from "@readme/openapi-parser";
import { parse as parseYaml } from "yaml";
import { UserError } from "../../diagnostics.js";
import { type JsonRecord, asRecord, asString } from "./json-value.js";

export interface LoadedDescription {
  /** The dereferenced document. */
  readonly document: JsonRecord;
  /** `2.0`, or the `openapi` version string (3.0.x, 3.1.x). */
  readonly version: string;
  /** As given, for messages; relative references in the description resolve from it. */
  readonly source: string;
  /** The description's own URL, when it was loaded from one: a relative server URL resolves against it. */
  readonly url?: URL;
}

const LOOPBACK_TIMEOUT_MS = 10_000;

/** What the parser takes besides a path or URL. */
type Description = Exclude<Parameters<typeof dereference>[0], string>;

const NOT_OPENAPI = 'not an OpenAPI description: it has neither "openapi" (3.x) nor "swagger" ("2.0") at the top';

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

function isLoopback(url: URL): boolean {
  return url.hostname === "localhost" || url.hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

/**
 * The parser refuses internal addresses (its guard against descriptions that make it
 * fetch them), loopback too. A description the user asked for on loopback (their own API
 * in development) is fetched here and handed over parsed; its references to other files
 * then cannot be followed.
 */
async function fetchLoopback(url: string, source: string): Promise<Description> {
  let text: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(LOOPBACK_TIMEOUT_MS) });
    if (!response.ok) throw problem(source, `not a readable OpenAPI description: the server answered ${response.status}`);
    text = await response.text();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw problem(source, `not a readable OpenAPI description: ${error instanceof Error ? error.message : String(error)}`);
  }
  let document: unknown;
  try {
    document = text.trimStart().startsWith("{") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw syntaxProblem(source, error instanceof Error ? error.message : String(error));
  }
  const record = asRecord(document);
  if (record === undefined) throw problem(source, NOT_OPENAPI);
  // An object, as the parser takes it; that it is a description is checked after parsing, as for files.
  return record as Description;
}

function problem(file: string, message: string): UserError {
  return new UserError([{ file, pointer: "", message }]);
}

/** A syntax error: the parser's first line, with its `(line:column)` moved to where diagnostics show it. */
function syntaxProblem(file: string, message: string): UserError {
  const first = message.split("\n")[0] ?? message;
  const at = /\s*\((\d+):(\d+)\)\s*$/.exec(first);
  if (at === null) return problem(file, `not a readable OpenAPI description: ${first}`);
  const text = `not a readable OpenAPI description: ${first.slice(0, at.index)}`;
  return new UserError([{ file, pointer: "", line: Number(at[1]), column: Number(at[2]), message: text }]);
}

/** The parser's message without its stack, and without the absolute path it repeats. */
function parserMessage(error: unknown, absolute: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split(absolute)
      .join("")
      .replace(/^Error (parsing|resolving)\s*:?\s*/i, "")
      .trim() || "cannot be read"
  );
}

export async function loadDescription(source: string, cwd: string): Promise<LoadedDescription> {
  const remote = isUrl(source);
  const location = remote ? source : path.resolve(cwd, source);
  let parsed: unknown;
  try {
    // Dereference only: validating against the OpenAPI meta-schemas refuses many published
    // descriptions for details that do not matter here; what the import needs is checked below.
    parsed = await dereference(remote && isLoopback(new URL(location)) ? await fetchLoopback(location, source) : location, { dereference: { circular: true } });
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = asRecord(error)?.code;
    if (!remote && code === "ENOENT") throw problem(source, "no such file");
    if (!remote && asString(asRecord(error)?.message)?.includes("ENOENT") === true) throw problem(source, "no such file");
    const message = parserMessage(error, location);
    if (/is not a valid \w+ API definition/i.test(message)) throw problem(source, NOT_OPENAPI);
    throw syntaxProblem(source, message);
  }
  const document = asRecord(parsed);
  if (document === undefined) throw problem(source, "not an OpenAPI description: the document is not an object");
  const swagger = asString(document.swagger);
  const openapi = asString(document.openapi);
  const version = swagger ?? openapi;
  if (version === undefined) throw problem(source, NOT_OPENAPI);
  if (swagger !== undefined && swagger !== "2.0") throw problem(source, `Swagger ${JSON.stringify(swagger)} is not supported: only "2.0"`);
  if (openapi !== undefined && !/^3\.[01]\./.test(openapi)) throw problem(source, `OpenAPI ${JSON.stringify(openapi)} is not supported: 3.0.x or 3.1.x`);
  if (document.paths !== undefined && asRecord(document.paths) === undefined) throw problem(source, '"paths" must be an object');
  return remote ? { document, version, source, url: new URL(source) } : { document, version, source };
}
