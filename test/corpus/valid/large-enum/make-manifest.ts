/**
 * Writes manifest.json beside this file: enums of 1,000 strings (in `$defs`, used
 * twice) and 1,000 integers in an input, and 1,000 completion values of a prompt argument.
 * Run after changing it:
 *
 *   npx tsx test/corpus/valid/large-enum/make-manifest.ts
 */
import { writeFileSync } from "node:fs";

const words = Array.from({ length: 1000 }, (_, index) => `value-${String(index).padStart(4, "0")}`);
const numbers = Array.from({ length: 1000 }, (_, index) => index * 7);
const manifest = {
  server: {
    name: "large-enum",
    version: "1.0.0",
    description: "Enums of 1,000 strings and 1,000 integers; 1,000 completion values. Written by make-manifest.ts.",
  },
  codegen: { generatedDir: "gen", handlersDir: "handlers" },
  tools: [
    {
      name: "choose",
      inputSchema: {
        type: "object",
        properties: { word: { $ref: "#/$defs/word" }, number: { type: "integer", enum: numbers }, several: { type: "array", items: { $ref: "#/$defs/word" } } },
        required: ["word"],
        $defs: { word: { enum: words } },
      },
      outputSchema: { type: "object", properties: { picked: { type: "integer", enum: numbers } }, required: ["picked"] },
    },
  ],
  prompts: [{ name: "pick", arguments: [{ name: "word", completion: { values: words } }] }],
};
// Compact: the enum lists would be 2,000 lines each at one value a line.
writeFileSync(new URL("manifest.json", import.meta.url), `${JSON.stringify(manifest)}\n`);
