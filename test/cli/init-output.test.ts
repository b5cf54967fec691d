/**
 * What `turbomcp init` tells the user to run next must work when pasted into a
 * shell. Regression: `init "My Server"` printed `cd My Server`, which `cd` reads as
 * two arguments.
 */
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { shellQuote } from "../../packages/cli/src/cli/shell-quote.js";
import { runCli } from "../helpers/cli.js";
import { type Scratch, scratchProject } from "../helpers/scratch.js";

let scratch: Scratch | undefined;
afterEach(() => scratch?.remove());

/** The `cd …` line of init's "Next:" block. */
function cdLine(stdout: string): string {
  const line = stdout.split("\n").find((text) => text.startsWith("  cd "));
  if (line === undefined) throw new Error(`no cd line in:\n${stdout}`);
  return line.trim();
}

describe("turbomcp init prints a cd the shell understands", () => {
  it.each([["My Server"], ['it\'s $HOME `x` "q"']])("for the folder %j", async (folder) => {
    scratch = scratchProject("init-cd");
    const result = await runCli(["init", folder], scratch.dir);
    expect(result.code).toBe(0);
    const cd = cdLine(result.stdout);
    expect(cd).not.toBe(`cd ${folder}`);
    // Run the printed line in a real POSIX shell: it must land in the new folder.
    const landed = execFileSync("sh", ["-c", `${cd} && pwd -P`], { cwd: scratch.dir, encoding: "utf8" }).replace(/\n$/, "");
    expect(landed).toBe(realpathSync(path.join(scratch.dir, folder)));
  });

  it("leaves a plain folder name unquoted", async () => {
    scratch = scratchProject("init-cd");
    const result = await runCli(["init", "weather-server"], scratch.dir);
    expect(result.code).toBe(0);
    expect(cdLine(result.stdout)).toBe("cd weather-server");
  });
});

describe("shellQuote", () => {
  it.each([
    ["plain", "plain"],
    ["a/b-c_d.e", "a/b-c_d.e"],
    ["My Server", "'My Server'"],
    ["it's", "'it'\\''s'"],
    ["$HOME", "'$HOME'"],
    ["", "''"],
    ["-dash", "./-dash"],
    ["~user", "'~user'"],
  ])("%j → %s", (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted);
  });
});
