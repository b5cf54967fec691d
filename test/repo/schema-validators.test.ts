/**
 * The validators of turbomcp's own schemas are compiled ahead of time; each committed
 * module must be what `npm run schema:validators` writes from its schema today, or a
 * schema edit would be silently ignored.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { SCHEMA_VALIDATORS, SCHEMA_VALIDATORS_COMMAND, schemaValidatorSource } from "../../scripts/schema-validators.js";
import { repoRoot } from "../helpers/scratch.js";

it.each(SCHEMA_VALIDATORS)(`$outputFile is what \`${SCHEMA_VALIDATORS_COMMAND}\` writes`, (validator) => {
  const committed = readFileSync(path.join(repoRoot, validator.outputFile), "utf8");
  expect(committed === schemaValidatorSource(validator), `stale: run ${SCHEMA_VALIDATORS_COMMAND}`).toBe(true);
});
