/**
 * Which input properties a tool handler reads, found in its syntax: `input.x`,
 * `input["x"]`, and destructuring of the first parameter (in the parameter list or
 * from the parameter in the body). A parameter used any other way (passed on,
 * spread, indexed by a variable, destructured with a rest element) may read
 * anything, so it counts as read whole and nothing is reported about it.
 */
import type { ts as TS } from "ts-morph";
import { ts } from "../util/typescript.js";

export interface InputReads {
  /** 1-based position of the handler's first parameter (or of its name when it has none). */
  readonly line: number;
  readonly column: number;
  /** The property names read, or `"whole"` when the input may be read in full. */
  readonly reads: ReadonlySet<string> | "whole";
}

type HandlerFunction = TS.FunctionDeclaration | TS.FunctionExpression | TS.ArrowFunction;

function isExported(node: TS.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

/** `export function name(…)` or `export const name = (…) => …` / `function (…) {…}`. */
function findHandler(source: TS.SourceFile, exportName: string): HandlerFunction | undefined {
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === exportName && isExported(statement)) return statement;
    if (!ts.isVariableStatement(statement) || !isExported(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const initializer = declaration.initializer;
      if (ts.isIdentifier(declaration.name) && declaration.name.text === exportName && initializer !== undefined) {
        if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
      }
    }
  }
  return undefined;
}

/** Names a destructuring pattern takes; `"whole"` when it has a rest element or a computed key. */
function patternReads(pattern: TS.BindingPattern): Set<string> | "whole" {
  if (ts.isArrayBindingPattern(pattern)) return "whole";
  const names = new Set<string>();
  for (const element of pattern.elements) {
    if (element.dotDotDotToken !== undefined) return "whole";
    const key = element.propertyName ?? element.name;
    if (ts.isIdentifier(key) || ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) names.add(key.text);
    else return "whole";
  }
  return names;
}

/** What one mention of the parameter reads: some property names, `"whole"`, or nothing (not a use of the parameter). */
function readAt(identifier: TS.Identifier): ReadonlySet<string> | "whole" | undefined {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === identifier ? new Set([parent.name.text]) : undefined;
  if (ts.isElementAccessExpression(parent) && parent.expression === identifier) {
    return ts.isStringLiteralLike(parent.argumentExpression) ? new Set([parent.argumentExpression.text]) : "whole";
  }
  // `x.input`, `{ input: … }`, a declaration named input: not a use of the parameter.
  if (ts.isPropertyAssignment(parent) && parent.name === identifier) return undefined;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) && parent.name === identifier) return undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === identifier && ts.isObjectBindingPattern(parent.name)) return patternReads(parent.name);
  return "whole";
}

function identifierReads(parameter: TS.Identifier, body: TS.Node): Set<string> | "whole" {
  const names = new Set<string>();
  let whole = false;
  const visit = (node: TS.Node): void => {
    if (whole) return;
    if (ts.isIdentifier(node) && node.text === parameter.text) {
      const read = readAt(node);
      if (read === "whole") whole = true;
      else read?.forEach((name) => names.add(name));
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return whole ? "whole" : names;
}

/** What the exported handler `exportName` in `text` reads of its input; `undefined` when it is not found. */
export function inputReads(fileName: string, text: string, exportName: string): InputReads | undefined {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const handler = findHandler(source, exportName);
  if (handler === undefined) return undefined;
  const [parameter] = handler.parameters;
  const anchor = parameter ?? handler.name ?? handler;
  const position = source.getLineAndCharacterOfPosition(anchor.getStart(source));
  const at = { line: position.line + 1, column: position.character + 1 };
  if (parameter === undefined) return { ...at, reads: new Set() };
  if (parameter.dotDotDotToken !== undefined) return { ...at, reads: "whole" };
  if (!ts.isIdentifier(parameter.name)) return { ...at, reads: patternReads(parameter.name) };
  return { ...at, reads: handler.body === undefined ? new Set() : identifierReads(parameter.name, handler.body) };
}
