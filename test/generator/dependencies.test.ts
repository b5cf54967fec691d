/**
 * The manifest's `dependencies` (circuit breakers behind `ctx.dependency`): validated by
 * the schema, carried by the model as written (the runtime applies the defaults), and
 * passed into the generated route table.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { emitRoutes } from "../../packages/cli/src/emit/routes-emitter.js";
import { type ManifestProject, manifestProject, server } from "./manifest-project.js";

let project: ManifestProject;
beforeEach(() => {
  project = manifestProject();
});
afterEach(() => project.remove());

describe("manifest dependencies", () => {
  it("reach the generated route table as written, with no defaults filled in", async () => {
    const dependencies = { weather: { timeoutMs: 2_000, failureRate: 0.25, critical: true }, "geo.lookup": {} };
    project.write("manifest.json", { server, dependencies });
    const model = await project.build();
    expect(model.dependencies).toEqual(dependencies);
    const routes = emitRoutes(model)[0]?.contents ?? "";
    expect(routes).toContain(
      [
        "  dependencies: {",
        "    weather: {",
        "      timeoutMs: 2000,",
        "      failureRate: 0.25,",
        "      critical: true,",
        "    },",
        '    "geo.lookup": {},',
        "  },",
      ].join("\n"),
    );
  });

  it("leave the route table as before when none are declared", async () => {
    project.write("manifest.json", { server, dependencies: {} });
    const model = await project.build();
    expect(model.dependencies).toBeUndefined();
    expect(emitRoutes(model)[0]?.contents).not.toContain("dependencies");
  });

  it("refuse thresholds out of range, unknown fields and bad names, at the property", async () => {
    project.write("manifest.json", {
      server,
      dependencies: { weather: { failureRate: 0, halfOpenProbes: 0, retries: 3 }, "1st": {} },
    });
    const errors = await project.errors();
    expect(errors.some((line) => /\/dependencies\/weather\/failureRate: .*0\.01/.test(line))).toBe(true);
    expect(errors.some((line) => /\/dependencies\/weather\/halfOpenProbes: /.test(line))).toBe(true);
    expect(errors.some((line) => line.includes('/dependencies/weather/retries: unknown property "retries"'))).toBe(true);
    expect(errors.some((line) => line.includes("/dependencies/1st"))).toBe(true);
  });
});
