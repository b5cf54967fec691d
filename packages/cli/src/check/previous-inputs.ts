/**
 * What each handler was sure to receive when the code was last generated (see
 * model/required-inputs.ts), read before `generate` rewrites the generated files:
 * the fingerprint records it (`required`, emit/fingerprint.ts). A fingerprint
 * without it (an older format) or none at all (a first run) yields nothing, so
 * nothing is reported.
 */
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
