/**
 * Where standalone validators find ajv's run-time helpers: `validatorRuntime` of
 * `@turbomcp/runtime` (packages/runtime/src/validation/ajv-runtime.ts).
 *
 * ajv names each helper in generated code by the helper's own `code` string,
 * `require("ajv/dist/runtime/equal").default`. Registering an entry first under the
 * very same function object, with our code, makes ajv reuse our entry (scope values
 * are keyed by the function), so the emitted code says `validatorRuntime.equal`
 * without any rewriting of its text: user strings in a schema can never be mistaken
 * for code.
 */
import { createRequire } from "node:module";
import { validatorRuntime } from "@turbomcp/runtime";
import type { Ajv } from "ajv";
import { type Ajv2020, type Code, _ } from "ajv/dist/2020.js";

// The CommonJS modules ajv itself requires, so these are the same function objects.
const require = createRequire(import.meta.url);

/**
 * Each helper ajv's code may refer to, with the code that names it in `validatorRuntime`.
 * `key` is ajv's own function, which ajv looks the helper up by; `ref` is what a
 * validator compiled in this process calls (at generate time). For `equal` that is
 * the runtime's own, as in the generated code: ajv's throws on data with an own
 * `toString` (runtime/src/validation/json-equal.ts).
 */
const HELPERS: readonly { readonly prefix: string; readonly key?: unknown; readonly ref: unknown; readonly code: Code }[] = [
  { prefix: "func", key: runtimeExport("ajv/dist/runtime/equal"), ref: validatorRuntime.equal, code: _`validatorRuntime.equal` },
  { prefix: "func", ref: runtimeExport("ajv/dist/runtime/ucs2length"), code: _`validatorRuntime.ucs2length` },
  { prefix: "func", ref: runtimeExport("ajv/dist/runtime/uri"), code: _`validatorRuntime.uri` },
  // Used by `$async` schemas only, under ajv's `Error` prefix.
  { prefix: "Error", ref: runtimeExport("ajv/dist/runtime/validation_error"), code: _`validatorRuntime.ValidationError` },
];

function runtimeExport(id: string): unknown {
  return (require(id) as { default: unknown }).default;
}

/** Code for the formats object; `ajv.opts.code.formats`, which ajv-formats leaves alone when set. */
export const RUNTIME_FORMATS_CODE = _`validatorRuntime.formats`;

/** Points `ajv`'s run-time helpers at `validatorRuntime`; call before compiling anything. */
export function useValidatorRuntime(ajv: Ajv2020 | Ajv): void {
  for (const helper of HELPERS) ajv.scope.value(helper.prefix, { key: helper.key ?? helper.ref, ref: helper.ref, code: helper.code });
}
