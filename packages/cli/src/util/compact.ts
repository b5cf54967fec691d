import { setOwn } from "./own-property.js";

/** Drops `undefined` properties, so optional fields stay absent (and out of generated code). */
export function compact<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) if (entry !== undefined) setOwn(result, key, entry);
  return result as T;
}
