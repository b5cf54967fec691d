/**
 * A JSON file parsed with positions, so every diagnostic can say line:column.
 * jsonc-parser keeps offsets for every node; we parse strict JSON (no comments,
 * no trailing commas) and report duplicate keys, which JSON.parse hides.
 */
import { type Node, type ParseError, findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } from "jsonc-parser";
import type { Diagnostic } from "../diagnostics.js";
import { joinPointer, parsePointer } from "../util/json-pointer.js";

export interface Position {
  readonly line: number;
  readonly column: number;
}

export class JsonDocument {
  private lineStarts: number[] | undefined;

  private constructor(
    readonly absolutePath: string,
    /** Path relative to the working directory, as shown to users. */
    readonly displayPath: string,
    readonly text: string,
    private readonly root: Node | undefined,
    readonly value: unknown,
  ) {}

  /** Parses `text`; returns the document or every syntax problem found. */
  static parse(absolutePath: string, displayPath: string, text: string): JsonDocument | Diagnostic[] {
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const document = new JsonDocument(absolutePath, displayPath, text, root, root === undefined ? undefined : getNodeValue(root));
    // jsonc-parser reports a trailing comma at the closing bracket, twice for an
    // object; say what it is, at the comma, once. Comments and trailing commas
    // leave the parse intact, so each is reported; after any other error the
    // parser's recovery is a guess and what follows is noise, so we stop there.
    const located = new Map<number, string>();
    for (const error of errors) {
      const comma = trailingCommaBefore(text, error);
      const [offset, message] = comma === undefined ? [error.offset, describeParseError(error)] : [comma, "invalid JSON: trailing comma"];
      if (!located.has(offset)) located.set(offset, message);
      if (comma === undefined && printParseErrorCode(error.error) !== "InvalidCommentToken") break;
    }
    const diagnostics = [...located].map(([offset, message]) => document.diagnosticAt(offset, "", message));
    if (root !== undefined) diagnostics.push(...document.duplicateKeys(root, ""));
    return diagnostics.length > 0 ? diagnostics : document;
  }

  /** Line and column of the value at `pointer`, or of its nearest existing parent. */
  positionOf(pointer: string): Position {
    if (this.root === undefined) return { line: 1, column: 1 };
    const path: (string | number)[] = [];
    let node: Node = this.root;
    for (const segment of parsePointer(pointer)) {
      path.push(node.type === "array" ? Number(segment) : segment);
      const next = findNodeAtLocation(this.root, path);
      if (next === undefined) break;
      node = next;
    }
    // Point at the property name rather than its value when there is one.
    const anchor = node.parent?.type === "property" && node.parent.children?.[1] === node ? node.parent : node;
    return this.positionAt(anchor.offset);
  }

  diagnosticAt(offset: number, pointer: string, message: string): Diagnostic {
    return { file: this.displayPath, pointer, ...this.positionAt(offset), message };
  }

  private positionAt(offset: number): Position {
    this.lineStarts ??= computeLineStarts(this.text);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }

  private duplicateKeys(node: Node, pointer: string): Diagnostic[] {
    const found: Diagnostic[] = [];
    if (node.type === "object") {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode === undefined) continue;
        const key = String(keyNode.value);
        const childPointer = joinPointer(pointer, key);
        if (seen.has(key)) found.push(this.diagnosticAt(keyNode.offset, childPointer, `duplicate key "${key}"`));
        seen.add(key);
        if (valueNode !== undefined) found.push(...this.duplicateKeys(valueNode, childPointer));
      }
    } else if (node.type === "array") {
      (node.children ?? []).forEach((child, index) => found.push(...this.duplicateKeys(child, joinPointer(pointer, index))));
    }
    return found;
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) === 10) starts.push(index + 1);
  return starts;
}

const PARSE_ERROR_WORDS: Readonly<Record<string, string>> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected "," or a closing bracket',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: "unexpected content after the end of the JSON value",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid unicode escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character in string",
};

/** Offset of the comma when `error` is a value or property name missing before `}` or `]`. */
function trailingCommaBefore(text: string, error: ParseError): number | undefined {
  const code = printParseErrorCode(error.error);
  if ((code !== "ValueExpected" && code !== "PropertyNameExpected") || !/[}\]]/.test(text.charAt(error.offset))) return undefined;
  let index = error.offset - 1;
  while (index >= 0 && /\s/.test(text.charAt(index))) index--;
  return text.charAt(index) === "," ? index : undefined;
}

function describeParseError(error: ParseError): string {
  const code = printParseErrorCode(error.error);
  return `invalid JSON: ${PARSE_ERROR_WORDS[code] ?? code}`;
}
