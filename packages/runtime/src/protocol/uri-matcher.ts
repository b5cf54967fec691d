/**
 * Matches concrete URIs against RFC 6570 templates (the inverse of expansion).
 *
 * Supported: `{var}`, `{+var}`, `{#var}`, `{.var}`, `{/var}`, `{;var}`, `{?a,b}`,
 * `{&a}`, multi-variable expressions, and explode (`{/path*}`), which yields a list.
 * Query expressions read the query string as a whole, so parameters may come in
 * any order and unknown ones are ignored. Values are percent-decoded.
 */
import { parseUriTemplate, type UriTemplateExpression } from "../routing/uri-template.js";

export type UriVariables = Record<string, string | string[]>;
export type UriMatcher = (uri: string) => UriVariables | undefined;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// What one value may contain, by operator: reserved expansion allows "/" and "?".
// Lazy, so that in `{name}{.ext}` a later expression gets its share ("report.pdf" → report, pdf).
const VALUE: Readonly<Record<string, string>> = { "": "[^/?#,]*?", "+": "[^#,]*?", "#": "[^,]*?", ".": "[^/?#.,]*?", "/": "[^/?#,]*?", ";": "[^/?#;,]*?" };
// RFC 6570 §3.2.1 table: what starts an expansion and what separates its values.
const FIRST: Readonly<Record<string, string>> = { "": "", "+": "", "#": "#", ".": ".", "/": "/", ";": ";" };
const SEPARATOR: Readonly<Record<string, string>> = { "": ",", "+": ",", "#": ",", ".": ".", "/": "/", ";": ";" };

/**
 * An own property even for a variable named `__proto__` (a valid RFC 6570 varname):
 * `into[name] = value` would try to replace the object's prototype instead.
 */
function setVariable(into: UriVariables, name: string, value: string | string[]): void {
  Object.defineProperty(into, name, { value, enumerable: true, writable: true, configurable: true });
}

type Extractor = (groups: readonly (string | undefined)[], into: UriVariables) => boolean;

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Regex source and extractor for one non-query expression; one capture group per variable. */
function pathExpression(expression: UriTemplateExpression, firstGroup: number): { source: string; extract: Extractor } {
  const { operator, variables } = expression;
  const value = VALUE[operator] ?? "[^/?#,]*?";
  const separator = SEPARATOR[operator] ?? ",";
  const pieces = variables.map((variable, index) => {
    const lead = escapeRegExp(index === 0 ? (FIRST[operator] ?? "") : separator);
    const named = operator === ";" ? `${escapeRegExp(variable.name)}=?` : "";
    const body = variable.explode ? `(${value}(?:${escapeRegExp(separator)}${value})*)` : `(${value})`;
    return `(?:${lead}${named}${body})?`;
  });
  const extract: Extractor = (groups, into) => {
    for (const [index, variable] of variables.entries()) {
      const raw = groups[firstGroup + index];
      if (raw === undefined || raw === "") continue;
      const parts = variable.explode ? raw.split(separator) : [raw];
      const decoded = parts.map(decode);
      if (decoded.some((part) => part === undefined)) return false;
      setVariable(into, variable.name, variable.explode ? (decoded as string[]) : (decoded[0] as string));
    }
    return true;
  };
  return { source: pieces.join(""), extract };
}

/** `{?a,b}` / `{&c}`: one group captures the rest of the query; parameters are looked up by name. */
function queryExpression(expression: UriTemplateExpression, group: number, lead: string): { source: string; extract: Extractor } {
  const extract: Extractor = (groups, into) => {
    const query = new URLSearchParams(groups[group] ?? "");
    for (const variable of expression.variables) {
      const values = query.getAll(variable.name);
      if (values.length === 0) continue;
      setVariable(into, variable.name, variable.explode ? values : (values[0] as string));
    }
    return true;
  };
  return { source: `(?:${lead}([^#]*))?`, extract };
}

/**
 * Compiles a template into a matcher that returns the variables, or `undefined` when
 * the URI does not match.
 *
 * @example
 * ```ts
 * import { compileUriTemplate } from "@turbomcp/runtime";
 * compileUriTemplate("notes://{id}{?format}")("notes://3?format=md"); // { id: "3", format: "md" }
 * ```
 */
export function compileUriTemplate(template: string): UriMatcher {
  let source = "^";
  let groups = 1;
  const extractors: Extractor[] = [];
  // After `{?…}` the query is captured whole, so a later `{&…}` reads the same group.
  let queryGroup: number | undefined;
  for (const part of parseUriTemplate(template)) {
    if (typeof part === "string") {
      source += escapeRegExp(part);
      continue;
    }
    if (part.operator === "?" || part.operator === "&") {
      if (queryGroup !== undefined) {
        extractors.push(queryExpression(part, queryGroup, "").extract);
        continue;
      }
      const compiled = queryExpression(part, groups, part.operator === "?" ? "\\?" : "[?&]");
      source += compiled.source;
      extractors.push(compiled.extract);
      queryGroup = groups;
      groups += 1;
      continue;
    }
    const compiled = pathExpression(part, groups);
    source += compiled.source;
    extractors.push(compiled.extract);
    groups += part.variables.length;
  }
  const regex = new RegExp(`${source}$`);
  return (uri) => {
    const match = regex.exec(uri);
    if (!match) return undefined;
    const variables: UriVariables = {};
    for (const extract of extractors) if (!extract(match, variables)) return undefined;
    return variables;
  };
}
