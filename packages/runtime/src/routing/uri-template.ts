/**
 * RFC 6570 URI Template parsing (levels 1–4), shared by the generator (to reject
 * broken templates and type the variables) and the runtime (to match URIs).
 */

export type UriTemplateOperator = "" | "+" | "#" | "." | "/" | ";" | "?" | "&";

export interface UriTemplateVariable {
  readonly name: string;
  /** `{var:3}`: only a prefix of the value is expanded. */
  readonly prefix?: number;
  /** `{var*}`: list or map values are exploded. */
  readonly explode: boolean;
}

export interface UriTemplateExpression {
  readonly operator: UriTemplateOperator;
  readonly variables: readonly UriTemplateVariable[];
}

export type UriTemplatePart = string | UriTemplateExpression;

export class UriTemplateError extends Error {
  constructor(
    message: string,
    /** Character offset in the template where the problem is. */
    readonly offset: number,
  ) {
    super(message);
    this.name = "UriTemplateError";
  }
}

const OPERATORS = new Set(["+", "#", ".", "/", ";", "?", "&"]);
// RFC 6570 §2.3: varname = varchar *( ["."] varchar ), varchar = ALPHA / DIGIT / "_" / pct-encoded
const VARNAME = /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*$/;
const RESERVED_OPERATORS = new Set(["=", ",", "!", "@", "|"]);

function parseVariable(spec: string, offset: number): UriTemplateVariable {
  let name = spec;
  let explode = false;
  let prefix: number | undefined;
  if (name.endsWith("*")) {
    explode = true;
    name = name.slice(0, -1);
  } else {
    const colon = name.indexOf(":");
    if (colon !== -1) {
      const length = name.slice(colon + 1);
      if (!/^[1-9][0-9]{0,3}$/.test(length)) {
        throw new UriTemplateError(`prefix length in "{${spec}}" must be a number from 1 to 9999`, offset);
      }
      prefix = Number(length);
      name = name.slice(0, colon);
    }
  }
  if (!VARNAME.test(name)) throw new UriTemplateError(`"${name}" is not a valid variable name`, offset);
  return prefix === undefined ? { name, explode } : { name, explode, prefix };
}

/**
 * Splits a template into literal parts and expressions.
 *
 * @example
 * ```ts
 * import { parseUriTemplate } from "@turbomcp/runtime";
 * parseUriTemplate("users://{id}/posts{?limit}");
 * // ["users://", {operator: "", variables: [{name: "id", explode: false}]}, "/posts", {operator: "?", …}]
 * ```
 */
export function parseUriTemplate(template: string): UriTemplatePart[] {
  const parts: UriTemplatePart[] = [];
  let position = 0;
  while (position < template.length) {
    const open = template.indexOf("{", position);
    const close = template.indexOf("}", position);
    if (close !== -1 && (open === -1 || close < open)) throw new UriTemplateError('unmatched "}"', close);
    if (open === -1) {
      parts.push(template.slice(position));
      break;
    }
    if (open > position) parts.push(template.slice(position, open));
    if (close === -1) throw new UriTemplateError('unclosed "{"', open);
    const body = template.slice(open + 1, close);
    if (body.includes("{")) throw new UriTemplateError('nested "{"', open);
    let operator: UriTemplateOperator = "";
    let list = body;
    const first = body.charAt(0);
    if (OPERATORS.has(first)) {
      operator = first as UriTemplateOperator;
      list = body.slice(1);
    } else if (RESERVED_OPERATORS.has(first)) {
      throw new UriTemplateError(`operator "${first}" is reserved by RFC 6570`, open);
    }
    if (list === "") throw new UriTemplateError("empty expression", open);
    parts.push({ operator, variables: list.split(",").map((spec) => parseVariable(spec, open)) });
    position = close + 1;
  }
  return parts;
}

/** The distinct variable names of a template, in order of appearance. */
export function uriTemplateVariables(template: string): string[] {
  const names: string[] = [];
  for (const part of parseUriTemplate(template)) {
    if (typeof part === "string") continue;
    for (const variable of part.variables) if (!names.includes(variable.name)) names.push(variable.name);
  }
  return names;
}
