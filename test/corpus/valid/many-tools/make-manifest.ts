/**
 * Writes manifest.json beside this file: 210 tools of varied shapes (every third
 * with an outputSchema), 20 resources and 10 prompts. Run after changing it:
 *
 *   npx tsx test/corpus/valid/many-tools/make-manifest.ts
 */
import { writeFileSync } from "node:fs";

const shapes: Record<string, unknown>[] = [
  { type: "object", properties: { q: { type: "string" }, limit: { type: "integer", minimum: 1, default: 10 } }, required: ["q"] },
  { type: "object", properties: { id: { type: "string", format: "uuid" }, tags: { type: "array", items: { type: "string" } } }, required: ["id"] },
  { type: "object", properties: { mode: { enum: ["fast", "safe", "slow"] }, nested: { type: "object", properties: { depth: { type: "integer" } } } } },
  {
    type: "object",
    properties: { point: { type: "array", prefixItems: [{ type: "number" }, { type: "number" }], items: false, minItems: 2 } },
    required: ["point"],
  },
  { type: "object", properties: { value: { anyOf: [{ type: "string" }, { type: "number" }] } }, required: ["value"] },
];
const output = { type: "object", properties: { ok: { type: "boolean" }, count: { type: "integer" } }, required: ["ok"] };

const tools = Array.from({ length: 210 }, (_, index) => ({
  name: `tool-${String(index).padStart(3, "0")}`,
  description: `Generated tool number ${index}.`,
  inputSchema: shapes[index % shapes.length],
  ...(index % 3 === 0 ? { outputSchema: output } : {}),
}));
const resources = Array.from({ length: 20 }, (_, index) => ({ uri: `data://item/${index}`, name: `item-${index}` }));
const prompts = Array.from({ length: 10 }, (_, index) => ({ name: `prompt_${index}`, arguments: [{ name: "topic", required: index % 2 === 0 }] }));

// One entry per line keeps the file small and its diffs readable.
const lines = (entries: readonly unknown[]): string => entries.map((entry) => `    ${JSON.stringify(entry)}`).join(",\n");
const manifest = `{
  "server": { "name": "many-tools", "version": "1.0.0", "description": "210 tools, 20 resources and 10 prompts, written by make-manifest.ts." },
  "codegen": { "generatedDir": "gen", "handlersDir": "handlers" },
  "tools": [
${lines(tools)}
  ],
  "resources": [
${lines(resources)}
  ],
  "prompts": [
${lines(prompts)}
  ]
}
`;
writeFileSync(new URL("manifest.json", import.meta.url), manifest);
