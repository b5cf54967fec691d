/**
 * The tools every benchmark server registers, so that all of them serve the same
 * `tools/list` and answer the same `tools/call add`: `add` first, then fillers up to
 * the requested count. Described here in JSON Schema; servers whose SDK wants zod
 * build the equivalent zod shape from the same constants.
 */

export interface BenchTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: {
    readonly type: "object";
    readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    readonly required: readonly string[];
  };
}

export const ADD_TOOL: BenchTool = {
  name: "add",
  description: "Add two numbers.",
  inputSchema: {
    type: "object",
    properties: { a: { type: "number", description: "First addend" }, b: { type: "number", description: "Second addend" } },
    required: ["a", "b"],
  },
};

/** Filler `i` (1-based): `tool_0001` … `tool_0999`. */
export function fillerTool(i: number): BenchTool {
  return {
    name: `tool_${String(i).padStart(4, "0")}`,
    description: `Search catalogue ${i} for entries that match a query.`,
    inputSchema: {
      type: "object",
      properties: {
        query: { type: "string", description: "Text to search for" },
        limit: { type: "integer", minimum: 1, maximum: 100, description: "Most entries to return" },
      },
      required: ["query"],
    },
  };
}

/** `add` plus `count - 1` fillers. */
export function benchTools(count: number): readonly BenchTool[] {
  return [ADD_TOOL, ...Array.from({ length: Math.max(0, count - 1) }, (_, index) => fillerTool(index + 1))];
}

/** The result every server gives for `add`. */
export function addResult(a: number, b: number): { content: { type: "text"; text: string }[] } {
  return { content: [{ type: "text", text: String(a + b) }] };
}

/** The result every server gives for a filler. */
export function fillerResult(query: string): { content: { type: "text"; text: string }[] } {
  return { content: [{ type: "text", text: `no entries match ${query}` }] };
}
