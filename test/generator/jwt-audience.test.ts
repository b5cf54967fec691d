/**
 * Regression: a manifest's jwt scheme without `audience` generated a server that
 * accepted tokens minted for any resource (RFC 8707 audience binding). `generate`
 * now refuses it at the scheme, with file, pointer and line:column, and exit 1;
 * `"allowAnyAudience": true` is the written opt-out, and it reaches routes.gen.ts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { typecheckProject } from "../../packages/cli/src/check/typecheck.js";
import { buildModel } from "../../packages/cli/src/pipeline.js";
import { runCli } from "../helpers/cli.js";
import { type Scratch, scratchProject } from "../helpers/scratch.js";

const MISSING_AUDIENCE =
  'missing required property "audience", the `aud` a token must carry to be accepted here (RFC 8707); "allowAnyAudience": true accepts tokens minted for any resource (unsafe)';

let scratch: Scratch | undefined;
afterEach(() => scratch?.remove());

function manifestWith(scheme: Record<string, unknown>): string {
  return `{
  "server": { "name": "audience", "version": "1.0.0" },
  "auth": {
    "schemes": [
      ${JSON.stringify(scheme)}
    ]
  }
}
`;
}

async function generate(scheme: Record<string, unknown>): Promise<{ code: number; stdout: string; stderr: string }> {
  scratch = scratchProject("jwt-audience");
  writeFileSync(path.join(scratch.dir, "manifest.json"), manifestWith(scheme));
  return runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
}

describe("a jwt scheme must name its audience", () => {
  it.each([
    ["no audience", { type: "jwt", keyEnv: "JWT_KEY" }],
    ["allowAnyAudience false and no audience", { type: "jwt", keyEnv: "JWT_KEY", allowAnyAudience: false }],
  ])("generate refuses %s: file, pointer, line:column, exit 1, no stack", async (_name, scheme) => {
    const result = await generate(scheme);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`manifest.json:5:7 /auth/schemes/0: ${MISSING_AUDIENCE}\nturbomcp: 1 problem found\n`);
  });

  it("generates with an audience, or with the allowAnyAudience opt-out, which reaches routes.gen.ts", async () => {
    expect(await generate({ type: "jwt", keyEnv: "JWT_KEY", audience: "https://mcp.example.com" })).toMatchObject({ code: 0, stderr: "" });
    scratch?.remove();
    const result = await generate({ type: "jwt", keyEnv: "JWT_KEY", allowAnyAudience: true });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const routes = readFileSync(path.join(scratch!.dir, "src/generated/routes.gen.ts"), "utf8");
    expect(routes).toContain('type: "jwt",\n        keyEnv: "JWT_KEY",\n        allowAnyAudience: true,');
    // The opt-out satisfies the JwtScheme type, which refuses a scheme with neither.
    expect(await typecheckProject(await buildModel("manifest.json", scratch!.dir))).toEqual([]);
  }, 60_000);
});
