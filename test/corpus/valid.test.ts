/**
 * The valid half of the manifest corpus (issue 16): every manifest under
 * test/corpus/valid generates, passes `check --strict` once a script has filled its
 * stubs, and all of them type-check together in one TypeScript program; each
 * tool is then called through the runtime, in process, with a sample of its
 * inputSchema, and its (sampled) result passes its outputSchema; each resource is
 * read and each prompt got.
 *
 * To add a case: a folder with a manifest.json whose server.description says what
 * it covers (schema files it `$ref`s beside it). See CONTRIBUTING.md.
 */
import { cpSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManifestModel } from "../../packages/cli/src/model/types.js";
import { buildModel } from "../../packages/cli/src/pipeline.js";
import type { RouteTable } from "../../packages/runtime/src/index.js";
import { runCli } from "../helpers/cli.js";
import { fillStubs } from "../helpers/fill-stubs.js";
import { sampleFromSchema } from "../helpers/sample-from-schema.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";
import { typecheckFolder } from "../helpers/typecheck-folder.js";
import { memoryClient } from "../runtime/helpers/memory-client.js";

const casesDir = path.join(repoRoot, "test/corpus/valid");
const cases = readdirSync(casesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
/** Cases whose callers must authenticate: the in-process client is anonymous. */
const NEEDS_CREDENTIALS = new Set(["auth-schemes", "authorization-server"]);

let scratch: Scratch;
const models = new Map<string, ManifestModel>();

beforeAll(() => {
  // One folder for the whole corpus, so one program type-checks every project.
  scratch = scratchProject("corpus-valid");
  for (const name of cases) cpSync(path.join(casesDir, name), path.join(scratch.dir, name), { recursive: true });
});
afterAll(() => scratch.remove());

describe("the valid corpus", () => {
  it("has at least 40 cases", () => expect(cases.length).toBeGreaterThanOrEqual(40));

  describe.each(cases)("%s", (name) => {
    it("generates, and passes check --strict once its stubs are filled", async () => {
      const dir = path.join(scratch.dir, name);
      // The type check runs once for the whole corpus, below.
      const generated = await runCli(["generate", "--quiet", "--no-typecheck", "manifest.json"], dir);
      expect(generated.stderr).toBe("");
      expect(generated.code).toBe(0);
      const model = await buildModel("manifest.json", dir);
      models.set(name, model);
      fillStubs(model);
      const checked = await runCli(["check", "--strict", "--no-typecheck", "manifest.json"], dir);
      expect(checked.stderr).toBe("");
      expect(checked.code).toBe(0);
    }, 60_000);
  });

  it("type-checks, every project in one program", () => {
    expect(models.size).toBe(cases.length);
    expect(typecheckFolder(scratch.dir)).toEqual([]);
    // One program over ~50 projects: ~10 s alone on a 2-core machine, more beside another test file.
  }, 180_000);

  it("passes the whole check --strict, its own type check included, on a project with odd names", async () => {
    // One case only: each such check is a TypeScript program of its own, seconds apiece.
    const checked = await runCli(["check", "--strict", "manifest.json"], path.join(scratch.dir, "prototype-names"));
    expect(checked.stderr).toBe("");
    expect(checked.code).toBe(0);
  }, 120_000);

  describe.each(cases.filter((name) => !NEEDS_CREDENTIALS.has(name)))("%s through the runtime", (name) => {
    it("accepts a sample of each tool's input, returns output its schema accepts, and reads each resource and prompt", async () => {
      const model = models.get(name);
      if (model === undefined) throw new Error(`${name} did not generate`);
      const routesFile = path.join(model.baseDir, model.codegen.generatedDir, "routes.gen.ts");
      const { routes } = (await import(pathToFileURL(routesFile).href)) as { routes: RouteTable };
      const client = memoryClient(routes);
      await client.initialize("2025-11-25", {});
      for (const tool of model.tools) {
        const reply = await client.request("tools/call", { name: tool.name, arguments: sampleFromSchema(tool.inputSchema) });
        const shown = `${tool.name}: ${JSON.stringify(reply)}`;
        expect(reply.error, shown).toBeUndefined();
        expect(reply.result?.isError, shown).not.toBe(true);
        // The filled handler ran (fill-stubs.ts): "ok", or a sample of the outputSchema, which the runtime checked.
        if (tool.outputSchema === undefined) expect(reply.result?.content, shown).toEqual([{ type: "text", text: "ok" }]);
        else expect(reply.result?.structuredContent, shown).toBeDefined();
      }
      // The filled resource and prompt handlers answer too.
      for (const resource of model.resources) {
        const reply = await client.request("resources/read", { uri: resource.uri });
        expect(reply.error, `${resource.name}: ${JSON.stringify(reply)}`).toBeUndefined();
      }
      for (const prompt of model.prompts) {
        const args = Object.fromEntries(prompt.arguments.filter((argument) => argument.required).map((argument) => [argument.name, "x"]));
        const reply = await client.request("prompts/get", { name: prompt.name, arguments: args });
        expect(reply.error, `${prompt.name}: ${JSON.stringify(reply)}`).toBeUndefined();
      }
      expect(client.errors).toEqual([]);
    }, 60_000);
  });
});
