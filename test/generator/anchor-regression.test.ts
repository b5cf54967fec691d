/**
 * Regression: an input schema with `$anchor` inside `$defs` was rejected as
 * "unknown keyword" (ajv strict mode, ajv-validator/ajv#1854), although JSON Schema
 * 2020-12 and the conformance suite's json-schema-2020-12 tool use it. Once
 * accepted, a `$ref` to the anchor crashed the type emitter (json-schema-to-typescript
 * follows only JSON-pointer references): an internal error for a valid manifest.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { compileValidatorSet } from "../../packages/cli/src/emit/validator-set.js";
import { buildModel, planFiles } from "../../packages/cli/src/pipeline.js";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const inputSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: { home: { $ref: "#addressDef" } },
  required: ["home"],
  $defs: { address: { $anchor: "addressDef", type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
};

function writeManifest(): void {
  dir = mkdtempSync(path.join(os.tmpdir(), "turbomcp-anchor-"));
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ server: { name: "a", version: "1" }, tools: [{ name: "move", inputSchema }] }));
}

it("accepts $anchor and resolves references to it", async () => {
  writeManifest();
  const model = await buildModel("manifest.json", dir);
  const { plain } = compileValidatorSet(model);
  const validate = plain.ajv.getSchema("validateMoveInput");
  expect(validate?.({ home: { city: "Oslo" } })).toBe(true);
  expect(validate?.({ home: {} })).toBe(false);
});

it("generates the type a $ref to an $anchor names", async () => {
  writeManifest();
  const types = (await planFiles(await buildModel("manifest.json", dir))).find((file) => file.path.endsWith("/types.gen.ts"));
  expect(types?.contents).toContain("home: MoveInputAddress;");
  expect(types?.contents).toContain("export interface MoveInputAddress {");
});
