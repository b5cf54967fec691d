/**
 * The Dockerfile `turbomcp init` writes: no container engine is needed to hold it to
 * its promises. It lints clean with dockerfile-utils (the Docker language server's
 * validator), has a build stage, a production-dependencies stage and a run stage
 * that copies only the compiled output and the production install, runs as the
 * unprivileged `node` user, and checks `/health/ready`. test/init/init.test.ts runs
 * its steps as plain commands on a project installed from packed tarballs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { validate } from "dockerfile-utils";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { instructions } from "../helpers/dockerfile-steps.js";
import { type Scratch, scratchProject } from "../helpers/scratch.js";

let scratch: Scratch;
let dockerfile: string;

beforeAll(async () => {
  scratch = scratchProject("init-dockerfile");
  expect((await runCli(["init", "weather"], scratch.dir)).code).toBe(0);
  dockerfile = readFileSync(path.join(scratch.dir, "weather/Dockerfile"), "utf8");
});
afterAll(() => scratch.remove());

it("lints clean", () => {
  expect(
    validate(dockerfile).map((problem) => `${problem.range.start.line + 1}: ${typeof problem.message === "string" ? problem.message : problem.message.value}`),
  ).toEqual([]);
});

it("builds in one stage, installs production dependencies in another, and runs as node with a readiness check", () => {
  const steps = instructions(dockerfile);
  const stages = steps.filter((step) => step.keyword === "FROM").map((step) => step.args);
  expect(stages).toEqual(["node:20-slim AS build", "node:20-slim AS deps", "node:20-slim"]);
  const final = steps.slice(steps.findLastIndex((step) => step.keyword === "FROM"));
  const deps = steps.slice(
    steps.findIndex((step) => step.args === "node:20-slim AS deps"),
    steps.findLastIndex((step) => step.keyword === "FROM"),
  );
  expect(deps.filter((step) => step.keyword === "RUN").map((step) => step.args)).toEqual(["npm ci --omit=dev --no-audit --no-fund"]);
  expect(final.filter((step) => step.keyword === "COPY").map((step) => step.args)).toEqual([
    "--from=deps --chown=node:node /app/node_modules ./node_modules",
    "--from=build --chown=node:node /app/dist ./dist",
    "--chown=node:node package.json ./",
  ]);
  expect(final.find((step) => step.keyword === "USER")?.args).toBe("node");
  expect(final.find((step) => step.keyword === "HEALTHCHECK")?.args).toContain("http://127.0.0.1:3000/health/ready");
  expect(final.find((step) => step.keyword === "CMD")?.args).toBe('["node", "dist/generated/server.gen.js", "--transport", "http"]');
  expect(readFileSync(path.join(scratch.dir, "weather/.dockerignore"), "utf8").split("\n")).toEqual(expect.arrayContaining(["node_modules", "dist"]));
});
