/**
 * The helper functions ajv's standalone code calls at run time. Generated
 * validators take them from `@turbomcp/runtime` instead of `require()`-ing ajv's
 * CommonJS internals, so they load as plain ES modules.
 */
import { createRequire } from "node:module";
import { jsonEqual } from "./json-equal.js";

// createRequire sidesteps the CommonJS/ESM default-export interop of these
// modules, which differs between Node, tsx and vitest.
const require = createRequire(import.meta.url);

type Equal = (a: unknown, b: unknown) => boolean;
type Ucs2Length = (value: string) => number;
type FormatDefinition = RegExp | ((value: string) => boolean) | { readonly validate: RegExp | ((value: string) => boolean) };

export const validatorRuntime: {
  readonly equal: Equal;
  readonly ucs2length: Ucs2Length;
  readonly uri: unknown;
  readonly ValidationError: unknown;
  readonly formats: Readonly<Record<string, FormatDefinition>>;
} = Object.freeze({
  // Not ajv's fast-deep-equal, which throws on a data object with an own `toString` (see json-equal.ts).
  equal: jsonEqual,
  ucs2length: (require("ajv/dist/runtime/ucs2length") as { default: Ucs2Length }).default,
  uri: (require("ajv/dist/runtime/uri") as { default: unknown }).default,
  ValidationError: (require("ajv/dist/runtime/validation_error") as { default: unknown }).default,
  formats: (require("ajv-formats/dist/formats") as { fullFormats: Record<string, FormatDefinition> }).fullFormats,
});
