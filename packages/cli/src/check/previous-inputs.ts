/**
 * What each handler was sure to receive when the code was last generated (see
 * model/required-inputs.ts), read before `generate` rewrites the generated files:
 * the fingerprint records it (`required`, emit/fingerprint.ts). A fingerprint
 * without it (an older format) or none at all (a first run) yields nothing, so
 * nothing is reported.
 */
import ts from "typescript";
import { parseFingerprint } from "../emit/fingerprint.js";
import { INPUT_KINDS, NO_REQUIRED_INPUTS, type InputKind, type RequiredInputs } from "../model/required-inputs.js";

export type { RequiredInputs } from "../model/required-inputs.js";

const isString = (value: unknown): value is string => typeof value === "string";

/** Reads the `required` record of a `fingerprint.gen.json`; nothing from a missing, malformed or older one. */
export function requiredInputsFromFingerprint(fingerprintText: string | undefined): RequiredInputs {
  const fingerprint = parseFingerprint(fingerprintText);
  if (fingerprint === undefined) return NO_REQUIRED_INPUTS;
  const kind = (name: InputKind): Map<string, readonly string[]> => {
    const entries = fingerprint.required[name];
    const found = new Map<string, readonly string[]>();
    if (entries === null || typeof entries !== "object") return found;
    for (const [entry, inputs] of Object.entries(entries)) {
      if (!Array.isArray(inputs)) continue;
      found.set(entry, inputs.filter(isString));
    }
    return found;
  };
  return Object.fromEntries(INPUT_KINDS.map((name) => [name, kind(name)])) as Record<InputKind, Map<string, readonly string[]>>;
}

// Until `generate` reads the fingerprint (cli/commands/generate.ts passes the
// previous routes.gen.ts), the same record is read from the routing table, which
// embeds every definition as a literal (emit/definitions.ts).

function propertyNamed(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = property.name;
    if ((ts.isIdentifier(key) || ts.isStringLiteral(key)) && key.text === name) return property.initializer;
  }
  return undefined;
}

function stringsOf(expression: ts.Expression | undefined): string[] {
  if (expression === undefined || !ts.isArrayLiteralExpression(expression)) return [];
  return expression.elements.filter((element) => ts.isStringLiteralLike(element)).map((element) => element.text);
}

function objectOf(expression: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  return expression !== undefined && ts.isObjectLiteralExpression(expression) ? expression : undefined;
}

/** `arguments: [{ name, required: true }, …]` of a prompt definition: the required names. */
function requiredArguments(list: ts.Expression | undefined): string[] {
  if (list === undefined || !ts.isArrayLiteralExpression(list)) return [];
  return list.elements.flatMap((element) => {
    const argument = objectOf(element);
    const name = argument === undefined ? undefined : propertyNamed(argument, "name");
    const required = argument === undefined ? undefined : propertyNamed(argument, "required");
    return name !== undefined && ts.isStringLiteralLike(name) && required?.kind === ts.SyntaxKind.TrueKeyword ? [name.text] : [];
  });
}

const ROUTES: Readonly<Record<string, InputKind>> = { toolRoute: "tools", promptRoute: "prompts", resourceTemplateRoute: "resourceTemplates" };

/** Reads a `routes.gen.ts`; nothing from a missing one (a first run). */
export function requiredInputsOf(routesSource: string | undefined): RequiredInputs {
  if (routesSource === undefined) return NO_REQUIRED_INPUTS;
  const found: Record<InputKind, Map<string, readonly string[]>> = { tools: new Map(), prompts: new Map(), resourceTemplates: new Map() };
  const source = ts.createSourceFile("routes.gen.ts", routesSource, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    const kind =
      ts.isCallExpression(node) && ts.isIdentifier(node.expression) && Object.hasOwn(ROUTES, node.expression.text) ? ROUTES[node.expression.text] : undefined;
    const options = kind === undefined ? undefined : objectOf((node as ts.CallExpression).arguments[0]);
    const definition = options === undefined ? undefined : objectOf(propertyNamed(options, "definition"));
    const name = definition === undefined ? undefined : propertyNamed(definition, "name");
    if (kind === undefined || options === undefined || definition === undefined || name === undefined || !ts.isStringLiteralLike(name)) {
      ts.forEachChild(node, visit);
      return;
    }
    const schema = objectOf(propertyNamed(definition, "inputSchema"));
    if (kind === "tools" && schema !== undefined) found.tools.set(name.text, stringsOf(propertyNamed(schema, "required")));
    if (kind === "prompts") found.prompts.set(name.text, requiredArguments(propertyNamed(definition, "arguments")));
    if (kind === "resourceTemplates") found.resourceTemplates.set(name.text, stringsOf(propertyNamed(options, "variables")));
  };
  visit(source);
  return found;
}
