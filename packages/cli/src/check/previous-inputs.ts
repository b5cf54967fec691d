/**
 * What each tool required of its input when the code was last generated, read
 * from the routing table on disk before `generate` rewrites it. The routing table
 * embeds every tool's definition as a literal (emit/definitions.ts), so it is the
 * one record of the previous manifest that a project always has.
 */
import type { ts as TS } from "ts-morph";
import { ts } from "../util/typescript.js";

/** Tool name → the names in its input schema's top-level `required`. */
export type RequiredInputs = ReadonlyMap<string, ReadonlySet<string>>;

function propertyNamed(object: TS.ObjectLiteralExpression, name: string): TS.Expression | undefined {
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = property.name;
    if ((ts.isIdentifier(key) || ts.isStringLiteral(key)) && key.text === name) return property.initializer;
  }
  return undefined;
}

function stringsOf(expression: TS.Expression | undefined): string[] {
  if (expression === undefined || !ts.isArrayLiteralExpression(expression)) return [];
  return expression.elements.filter((element) => ts.isStringLiteralLike(element)).map((element) => element.text);
}

/** The `definition` of a `toolRoute({ definition: { name, inputSchema } })` call, when `node` is one. */
function toolDefinition(node: TS.Node): TS.ObjectLiteralExpression | undefined {
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== "toolRoute") return undefined;
  const [options] = node.arguments;
  const definition = options !== undefined && ts.isObjectLiteralExpression(options) ? propertyNamed(options, "definition") : undefined;
  return definition !== undefined && ts.isObjectLiteralExpression(definition) ? definition : undefined;
}

/** Reads a `routes.gen.ts`; an empty map when there is none (a first run). */
export function requiredInputsOf(routesSource: string | undefined): RequiredInputs {
  const required = new Map<string, ReadonlySet<string>>();
  if (routesSource === undefined) return required;
  const source = ts.createSourceFile("routes.gen.ts", routesSource, ts.ScriptTarget.Latest, true);
  const visit = (node: TS.Node): void => {
    const definition = toolDefinition(node);
    const name = definition === undefined ? undefined : propertyNamed(definition, "name");
    const schema = definition === undefined ? undefined : propertyNamed(definition, "inputSchema");
    if (name !== undefined && ts.isStringLiteralLike(name) && schema !== undefined && ts.isObjectLiteralExpression(schema)) {
      required.set(name.text, new Set(stringsOf(propertyNamed(schema, "required"))));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return required;
}
