/**
 * The zod form of `tool-set.ts`, for the peers whose SDK takes zod (the official
 * SDK v1 and v2, fastmcp): the same properties, types, bounds and descriptions,
 * read from the JSON Schema constants so the two cannot drift apart. Each server
 * wraps the shapes the way its own docs show (a raw shape for SDK v1,
 * `z.object(...)` for SDK v2 and fastmcp).
 */
import { z } from "zod";
import { ADD_TOOL, fillerTool, type BenchTool } from "./tool-set.js";

function property(tool: BenchTool, name: string): Readonly<Record<string, unknown>> {
  const schema = tool.inputSchema.properties[name];
  if (schema === undefined) throw new Error(`${tool.name} has no property "${name}"`);
  return schema;
}

function text(tool: BenchTool, name: string, key: string): string {
  const value = property(tool, name)[key];
  if (typeof value !== "string") throw new Error(`${tool.name}.${name}.${key} is not a string`);
  return value;
}

function count(tool: BenchTool, name: string, key: string): number {
  const value = property(tool, name)[key];
  if (typeof value !== "number") throw new Error(`${tool.name}.${name}.${key} is not a number`);
  return value;
}

const FILLER = fillerTool(1);

/** `add`: `a`, `b` required numbers. */
export const addShape = {
  a: z.number().describe(text(ADD_TOOL, "a", "description")),
  b: z.number().describe(text(ADD_TOOL, "b", "description")),
};

/** Fillers: `query` required string, `limit` optional integer within the bounds. */
export const fillerShape = {
  query: z.string().describe(text(FILLER, "query", "description")),
  limit: z
    .number()
    .int()
    .min(count(FILLER, "limit", "minimum"))
    .max(count(FILLER, "limit", "maximum"))
    .optional()
    .describe(text(FILLER, "limit", "description")),
};
