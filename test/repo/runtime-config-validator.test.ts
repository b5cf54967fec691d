/**
 * The runtime config's validator is compiled ahead of time; the committed module must
 * be what `npm run config:validator` writes from the schema today, or a schema edit
 * would be silently ignored at run time.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { CONFIG_VALIDATOR_COMMAND, CONFIG_VALIDATOR_FILE, runtimeConfigValidatorSource } from "../../scripts/runtime-config-validator.js";
import { repoRoot } from "../helpers/scratch.js";

it(`${CONFIG_VALIDATOR_FILE} is what \`${CONFIG_VALIDATOR_COMMAND}\` writes`, () => {
  const committed = readFileSync(path.join(repoRoot, CONFIG_VALIDATOR_FILE), "utf8");
  expect(committed === runtimeConfigValidatorSource(), `stale: run ${CONFIG_VALIDATOR_COMMAND}`).toBe(true);
});
