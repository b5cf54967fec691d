/**
 * `turbomcp init <dir>`: a new project that installs, generates, type-checks and
 * starts with no further edits. Files come from `templates/init/`; the example
 * handler is written before generating, so the generator keeps it.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { UserError } from "../../diagnostics.js";
import { buildModel, planFiles } from "../../pipeline.js";
import { writePlan } from "../../plan/write-plan.js";
import { packagePath } from "../../util/package-root.js";
import { type CliIo, EXIT } from "../io.js";
import { dependencySpecs } from "../install-source.js";
import { shellQuote } from "../shell-quote.js";

export interface InitOptions {
  readonly name?: string;
}

/** Template → path in the new project. */
const FILES: readonly [string, string][] = [
  ["package.json.hbs", "package.json"],
  ["tsconfig.json.hbs", "tsconfig.json"],
  ["manifest.json.hbs", "manifest.json"],
  ["README.md.hbs", "README.md"],
  ["gitignore.hbs", ".gitignore"],
  ["ci.yml.hbs", ".github/workflows/turbomcp-check.yml"],
  ["Dockerfile.hbs", "Dockerfile"],
  ["dockerignore.hbs", ".dockerignore"],
  ["greet.ts.hbs", "src/handlers/tools/greet.ts"],
  ["greet.test.ts.hbs", "test/greet.test.ts"],
];

/** npm package names: lower case, URL-safe. */
function packageNameOf(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|[-]+$/g, "");
  return cleaned === "" ? "mcp-server" : cleaned.slice(0, 214);
}

function titleOf(name: string): string {
  return name
    .split(/[-_. ]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

export async function initCommand(directory: string, options: InitOptions, io: CliIo): Promise<number> {
  const target = path.resolve(io.cwd, directory);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new UserError([{ file: directory, pointer: "", message: "folder exists and is not empty; choose a new folder" }]);
  }
  const name = options.name ?? path.basename(target);
  const serverName = packageNameOf(name);
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(serverName)) throw new UserError([{ file: directory, pointer: "", message: `"${name}" cannot be a server name` }]);
  const specs = dependencySpecs(target, packagePath("package.json"));
  const context = { packageName: serverName, serverName, serverTitle: titleOf(serverName), runtimeSpec: specs.runtime, cliSpec: specs.cli };
  for (const [template, destination] of FILES) {
    const source = readFileSync(packagePath(`templates/init/${template}`), "utf8");
    const file = path.join(target, destination);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, Handlebars.compile(source, { noEscape: true, strict: true })(context));
  }
  const model = await buildModel(path.join(target, "manifest.json"), io.cwd);
  writePlan(model, await planFiles(model));
  const shown = path.relative(io.cwd, target) || ".";
  // Printed as commands to paste, so the folder is quoted for the shell ("My Server", "it's").
  io.stdout(`turbomcp: created ${shown}\n\nNext:\n  cd ${shellQuote(shown)}\n  npm install\n  npm run build\n  npm start\n`);
  return EXIT.ok;
}
