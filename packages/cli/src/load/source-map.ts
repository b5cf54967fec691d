/**
 * Maps every place in the resolved manifest (after `$ref`s are inlined) back to the
 * file and JSON pointer it came from, so errors found later point at what the user
 * wrote, even inside a split manifest.
 */
import type { Diagnostic } from "../diagnostics.js";
import { parsePointer } from "../util/json-pointer.js";
import type { JsonDocument } from "./json-document.js";

export interface SourceLocation {
  readonly document: JsonDocument;
  readonly pointer: string;
}

export class SourceMap {
  private readonly origins = new Map<string, SourceLocation>();

  record(resolvedPointer: string, location: SourceLocation): void {
    this.origins.set(resolvedPointer, location);
  }

  /** The origin of `resolvedPointer`, or of its nearest recorded parent. */
  locate(resolvedPointer: string): SourceLocation | undefined {
    const segments = parsePointer(resolvedPointer);
    for (let length = segments.length; length >= 0; length--) {
      const prefix = segments
        .slice(0, length)
        .map((segment) => `/${segment.replace(/~/g, "~0").replace(/\//g, "~1")}`)
        .join("");
      const found = this.origins.get(prefix);
      if (found !== undefined) {
        const rest = resolvedPointer.slice(prefix.length);
        return { document: found.document, pointer: found.pointer + rest };
      }
    }
    return undefined;
  }

  /** A diagnostic at the origin of `resolvedPointer`. */
  diagnostic(resolvedPointer: string, message: string, fallbackFile: string): Diagnostic {
    const location = this.locate(resolvedPointer);
    if (location === undefined) return { file: fallbackFile, pointer: resolvedPointer, message };
    return {
      file: location.document.displayPath,
      pointer: location.pointer,
      ...location.document.positionOf(location.pointer),
      message,
    };
  }
}
