/**
 * A synthetic manifest for the generator benchmark: many tools whose input schemas
 * cover the shapes that make code generation slow (nested objects, arrays of
 * objects, enums, `$defs` with `$ref`, maps), plus resources, templates and
 * prompts with both kinds of completion.
 */

type Schema = Readonly<Record<string, unknown>>;

export interface SyntheticManifestOptions {
  /** Number of tools; about a third of them declare an outputSchema. */
  readonly tools: number;
  /** Resources, resource templates and prompts each; default one per 50 tools, at least 2. */
  readonly others?: number;
}

const flat = (i: number): Schema => ({
  type: "object",
  properties: {
    name: { type: "string", minLength: 1, maxLength: 64, description: `Name for call ${i}` },
    count: { type: "integer", minimum: 0, maximum: 1000 },
    ratio: { type: "number", exclusiveMinimum: 0 },
    enabled: { type: "boolean" },
    email: { type: "string", format: "email" },
  },
  required: ["name"],
  additionalProperties: false,
});

const nested = (): Schema => ({
  type: "object",
  properties: {
    customer: {
      type: "object",
      properties: {
        id: { type: "string", format: "uuid" },
        address: {
          type: "object",
          properties: {
            street: { type: "string" },
            city: { type: "string" },
            geo: { type: "object", properties: { lat: { type: "number" }, lng: { type: "number" } }, required: ["lat", "lng"] },
          },
          required: ["city"],
        },
      },
      required: ["id"],
    },
    note: { type: "string" },
  },
  required: ["customer"],
  additionalProperties: false,
});

const arrays = (): Schema => ({
  type: "object",
  properties: {
    items: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: {
          sku: { type: "string", pattern: "^[A-Z]{3}-[0-9]{4}$" },
          quantity: { type: "integer", minimum: 1 },
          status: { enum: ["new", "paid", "shipped", "cancelled"] },
        },
        required: ["sku", "quantity"],
        additionalProperties: false,
      },
    },
    labels: { type: "array", items: { type: "string" }, uniqueItems: true },
  },
  required: ["items"],
});

const withDefs = (): Schema => ({
  type: "object",
  properties: {
    from: { $ref: "#/$defs/point" },
    to: { $ref: "#/$defs/point" },
    via: { type: "array", items: { $ref: "#/$defs/point" } },
    mode: { $ref: "#/$defs/mode" },
  },
  required: ["from", "to"],
  $defs: {
    point: { type: "object", properties: { x: { type: "number" }, y: { type: "number" } }, required: ["x", "y"], additionalProperties: false },
    mode: { enum: ["walk", "bike", "car"] },
  },
});

const unions = (): Schema => ({
  type: "object",
  properties: {
    kind: { const: "search" },
    query: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
    sort: { enum: ["asc", "desc"], default: "asc" },
    cursor: { type: ["string", "null"] },
  },
  required: ["kind", "query"],
});

const maps = (): Schema => ({
  type: "object",
  properties: {
    headers: { type: "object", additionalProperties: { type: "string" } },
    weights: { type: "object", additionalProperties: { type: "number", minimum: 0, maximum: 1 } },
  },
});

const INPUT_SHAPES: readonly ((i: number) => Schema)[] = [flat, nested, arrays, withDefs, unions, maps];

function outputSchema(i: number): Schema {
  return {
    type: "object",
    properties: {
      id: { type: "string" },
      total: { type: "number" },
      tags: { type: "array", items: { type: "string" } },
      detail: { type: "object", properties: { call: { const: i }, ok: { type: "boolean" } }, required: ["ok"] },
    },
    required: ["id", "total"],
    additionalProperties: false,
  };
}

const pad = (i: number): string => String(i).padStart(4, "0");

function tool(i: number): Schema {
  const shape = INPUT_SHAPES[i % INPUT_SHAPES.length] ?? flat;
  return {
    name: `tool_${pad(i)}_${shape.name}`,
    description: `Synthetic tool ${i} (${shape.name} input).`,
    inputSchema: shape(i),
    ...(i % 3 === 0 ? { outputSchema: outputSchema(i) } : {}),
    ...(i % 7 === 0 ? { annotations: { readOnlyHint: true }, timeoutMs: 5000 } : {}),
  };
}

function resourceTemplate(i: number): Schema {
  return i % 2 === 0
    ? {
        uriTemplate: `items${i}://{id}`,
        name: `items_${pad(i)}`,
        mimeType: "application/json",
        variables: { id: { schema: { type: "integer", minimum: 1 }, completion: { dynamic: true } } },
      }
    : {
        uriTemplate: `docs${i}://{section}/{page}`,
        name: `docs_${pad(i)}`,
        variables: { section: { completion: { values: ["intro", "guide", "reference"] } }, page: { schema: { type: "integer" } } },
      };
}

function prompt(i: number): Schema {
  if (i % 3 === 2) return { name: `prompt_${pad(i)}`, description: `Synthetic prompt ${i} without arguments.` };
  return {
    name: `prompt_${pad(i)}`,
    description: `Synthetic prompt ${i}.`,
    arguments: [
      { name: "subject", required: true, ...(i % 3 === 0 ? { completion: { dynamic: true } } : {}) },
      { name: "tone", completion: { values: ["neutral", "friendly", "formal"] } },
    ],
  };
}

/**
 * Builds the manifest as a plain JSON value, ready to be written to `manifest.json`.
 *
 * @example
 * ```ts
 * const manifest = buildSyntheticManifest({ tools: 20 });
 * ```
 */
export function buildSyntheticManifest(options: SyntheticManifestOptions): Schema {
  const others = options.others ?? Math.max(2, Math.round(options.tools / 50));
  const range = (count: number): number[] => Array.from({ length: count }, (_, i) => i);
  return {
    server: { name: "bench", version: "1.0.0", description: `Synthetic manifest with ${options.tools} tools.` },
    tools: range(options.tools).map(tool),
    resources: range(others).map((i) => ({ uri: `config://bench/${i}`, name: `resource_${pad(i)}`, mimeType: "text/plain" })),
    resourceTemplates: range(others).map(resourceTemplate),
    prompts: range(others).map(prompt),
  };
}
