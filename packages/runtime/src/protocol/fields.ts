/**
 * Drops fields a client's protocol version does not know. Older schemas do not
 * forbid extra fields, but strict clients validate against them, and a 2024-11-05
 * client has no use for `outputSchema` it cannot honour.
 *
 * Each entry records the version that introduced a field (from the published
 * schemas in spec/<version>/schema.json); fields not listed exist in every version.
 */

type Since = Readonly<Record<string, string>>;

const V2025_03 = "2025-03-26";
const V2025_06 = "2025-06-18";
const V2025_11 = "2025-11-25";

/** The shapes the runtime sends that gained fields over time. */
export const FIELDS_SINCE = {
  tool: { title: V2025_06, annotations: V2025_03, outputSchema: V2025_06, _meta: V2025_06, icons: V2025_11, execution: V2025_11 },
  resource: { title: V2025_06, _meta: V2025_06, icons: V2025_11 },
  resourceTemplate: { title: V2025_06, _meta: V2025_06, icons: V2025_11 },
  prompt: { title: V2025_06, _meta: V2025_06, icons: V2025_11 },
  promptArgument: { title: V2025_06 },
  annotations: { lastModified: V2025_06 },
  implementation: { title: V2025_06, description: V2025_11, icons: V2025_11, websiteUrl: V2025_11 },
  callToolResult: { structuredContent: V2025_06 },
  progress: { message: V2025_03 },
  elicitation: { mode: V2025_11 },
} as const satisfies Record<string, Since>;

export type FieldKind = keyof typeof FIELDS_SINCE;

/** A shallow copy of `object` without the fields `version` lacks; the same object when nothing is dropped. */
export function projectFields<T extends object>(kind: FieldKind, object: T, version: string): T {
  const since: Since = FIELDS_SINCE[kind];
  const lacks = (key: string): boolean => {
    const introduced = since[key];
    return introduced !== undefined && version < introduced;
  };
  // Most objects need no change: keep them (and the list cache) allocation-free.
  if (!Object.keys(object).some(lacks)) return object;
  return Object.fromEntries(Object.entries(object).filter(([key]) => !lacks(key))) as T;
}

/** Projects a list definition, including nested prompt arguments and annotations. */
export function projectDefinition<T extends object>(kind: "tool" | "resource" | "resourceTemplate" | "prompt", definition: T, version: string): T {
  let result: Record<string, unknown> = projectFields(kind, definition, version) as Record<string, unknown>;
  const { arguments: args, annotations } = result;
  if (kind === "prompt" && Array.isArray(args)) {
    result = { ...result, arguments: args.map((arg: object) => projectFields("promptArgument", arg, version)) };
  }
  if (kind !== "tool" && typeof annotations === "object" && annotations !== null) {
    result = { ...result, annotations: projectFields("annotations", annotations, version) };
  }
  return result as T;
}
