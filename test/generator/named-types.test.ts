/**
 * Named types for referenced schemas (issue 16): a schema file (or a `$defs` entry
 * of one) referenced from several tools becomes ONE exported type in types.gen.ts,
 * which every tool type refers to; validators and tools/list keep full schemas.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typecheckProject } from "../../packages/cli/src/check/typecheck.js";
import { buildModel, planFiles } from "../../packages/cli/src/pipeline.js";
import { runCli } from "../helpers/cli.js";
import { type Scratch, scratchProject } from "../helpers/scratch.js";
import { manifestProject, server } from "./manifest-project.js";

const issue = {
  title: "Issue",
  type: "object",
  properties: {
    id: { type: "integer" },
    title: { type: "string" },
    labels: { type: "array", items: { $ref: "#/$defs/label" } },
  },
  required: ["id", "title"],
  $defs: { label: { type: "string", enum: ["bug", "feature"] } },
};
const schemas = {
  $defs: {
    Comment: { type: "object", properties: { body: { type: "string" }, author: { $ref: "#/$defs/User" } }, required: ["body"] },
    User: { type: "object", properties: { login: { type: "string" } }, required: ["login"] },
    // Recursive: its reference to itself is kept, and becomes the named type's own.
    Thread: { type: "object", properties: { comment: { $ref: "#/$defs/Comment" }, replies: { type: "array", items: { $ref: "#/$defs/Thread" } } } },
  },
};
const object = (properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> => ({ type: "object", properties, required });

const manifest = {
  server,
  codegen: { generatedDir: "gen", handlersDir: "handlers" },
  tools: [
    { name: "create-issue", inputSchema: object({ issue: { $ref: "./schemas/issue.json" } }, ["issue"]), outputSchema: { $ref: "./schemas/issue.json" } },
    { name: "update-issue", inputSchema: object({ id: { type: "integer" }, patch: { $ref: "./schemas/issue.json", description: "Fields to change" } }) },
    {
      name: "list-issues",
      inputSchema: object({ since: { type: "string" } }),
      outputSchema: object({ items: { type: "array", items: { $ref: "./schemas/issue.json" } }, last: { $ref: "./schemas.json#/$defs/Comment" } }),
    },
    { name: "comment", inputSchema: object({ comment: { $ref: "./schemas.json#/$defs/Comment" } }, ["comment"]) },
    {
      name: "thread",
      inputSchema: object({ root: { $ref: "./schemas.json#/$defs/Thread" } }),
      outputSchema: object({ all: { $ref: "./schemas.json#/$defs/Thread" } }),
    },
    // Local `$defs` keep their nested names, as before.
    { name: "local", inputSchema: { type: "object", properties: { p: { $ref: "#/$defs/point" } }, $defs: { point: object({ x: { type: "number" } }) } } },
  ],
};

let scratch: Scratch;
let types: string;

beforeAll(async () => {
  scratch = scratchProject("named-types");
  const write = (file: string, value: unknown): void => writeFileSync(path.join(scratch.dir, file), `${JSON.stringify(value, null, 2)}\n`);
  write("manifest.json", manifest);
  mkdirSync(path.join(scratch.dir, "schemas"));
  write("schemas/issue.json", issue);
  write("schemas.json", schemas);
  const result = await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  types = readFileSync(path.join(scratch.dir, "gen/types.gen.ts"), "utf8");
});
afterAll(() => scratch.remove());

const count = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern, "g"))?.length ?? 0;

describe("a schema file referenced by three tools", () => {
  it("is declared once, as `Issue`, named from its title", () => {
    expect(count(types, /export interface Issue \{/)).toBe(1);
    // Its structure is written once: `title: string` appears only in Issue.
    expect(count(types, /\btitle: string;/)).toBe(1);
  });

  it("every tool type refers to it", () => {
    expect(types).toMatch(/export interface CreateIssueInput \{[^}]*issue: Issue;/);
    expect(types).toMatch(/export interface UpdateIssueInput \{[^}]*patch\?: Issue;/);
    expect(types).toMatch(/items\?: Issue\[\];/);
    // An output schema that is the reference as a whole is the named type itself.
    expect(types).toMatch(/export type CreateIssueOutput = Issue;/);
  });

  it("its own `$defs` become types nested under its name", () => {
    expect(types).toMatch(/export type IssueLabel = \("bug" \| "feature"\);/);
    expect(types).toMatch(/labels\?: IssueLabel\[\];/);
  });
});

describe("a `$defs` entry of a shared file", () => {
  it("is one type named by its key, and what it references is one too", () => {
    expect(count(types, /export interface Comment \{/)).toBe(1);
    expect(count(types, /export interface User \{/)).toBe(1);
    expect(types).toMatch(/author\?: User;/);
    expect(types).toMatch(/comment: Comment;/);
    expect(types).toMatch(/last\?: Comment;/);
  });

  it("a recursive one refers to itself", () => {
    expect(count(types, /export interface Thread \{/)).toBe(1);
    expect(types).toMatch(/export interface Thread \{[^}]*comment\?: Comment;\s*replies\?: Thread\[\];/);
    expect(types).toMatch(/root\?: Thread;/);
    expect(types).toMatch(/all\?: Thread;/);
  });
});

describe("what does not change", () => {
  it("local `$defs` keep their nested type names", () => {
    expect(types).toMatch(/export interface LocalInputPoint \{/);
    expect(types).toMatch(/p\?: LocalInputPoint;/);
  });

  it("validators keep the full schemas", () => {
    const validators = readFileSync(path.join(scratch.dir, "gen/validators.gen.ts"), "utf8");
    expect(validators).not.toContain("tsType");
  });

  // A whole-project type check: ~18 s beside another busy test file on a 2-core machine.
  it("the generated project type-checks", { timeout: 120_000 }, async () => {
    expect(await typecheckProject(await buildModel("manifest.json", scratch.dir))).toEqual([]);
  });

  it("output is byte-identical run to run", async () => {
    const plan = async (): Promise<string[]> => (await planFiles(await buildModel("manifest.json", scratch.dir))).map((file) => file.contents);
    expect(await plan()).toEqual(await plan());
  });
});

describe("name clashes", () => {
  it("two shared schemas wanting one name are reported where the second is written", async () => {
    const project = manifestProject();
    try {
      project.write("a/thing.json", object({ a: { type: "string" } }));
      project.write("b/thing.json", object({ b: { type: "number" } }));
      project.write("manifest.json", {
        server,
        tools: [
          { name: "one", inputSchema: object({ x: { $ref: "./a/thing.json" } }) },
          { name: "two", inputSchema: object({ y: { $ref: "./b/thing.json" } }) },
        ],
      });
      const errors = await project.errors();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBe("b/thing.json:1:1: type Thing would be generated for both a/thing.json and b/thing.json; rename a title or a $defs entry");
    } finally {
      project.remove();
    }
  });

  it("a shared schema named like a tool type is reported", async () => {
    const project = manifestProject();
    try {
      project.write("schemas.json", { $defs: { OneInput: object({ a: { type: "string" } }) } });
      project.write("manifest.json", { server, tools: [{ name: "one", inputSchema: object({ x: { $ref: "./schemas.json#/$defs/OneInput" } }) }] });
      const errors = await project.errors();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^schemas\.json:\d+:\d+ \/\$defs\/OneInput: type OneInput would be generated for both \/tools\/0\/inputSchema and schemas\.json#\/\$defs\/OneInput;/,
      );
    } finally {
      project.remove();
    }
  });
});

describe("where a reference would change the type", () => {
  async function typesOf(files: Record<string, unknown>): Promise<string> {
    const project = manifestProject();
    try {
      for (const [file, content] of Object.entries(files)) project.write(file, content);
      const planned = await planFiles(await project.build());
      return planned.find((file) => file.path.endsWith("types.gen.ts"))?.contents ?? "";
    } finally {
      project.remove();
    }
  }

  it("a target whose defaults are filled stays a copy in inputs, and is the named type in outputs", async () => {
    const types = await typesOf({
      "page.json": object({ size: { type: "integer", default: 20 }, cursor: { type: "string" } }),
      "manifest.json": {
        server,
        tools: [{ name: "list", inputSchema: object({ page: { $ref: "./page.json" } }), outputSchema: object({ next: { $ref: "./page.json" } }) }],
      },
    });
    expect(count(types, /export interface Page \{/)).toBe(1);
    expect(types).toMatch(/next\?: Page;/);
    // In the handler's input the filled default is there: `size` is required, unlike in Page.
    expect(types).toMatch(/page\?: \{\s*size: number\s*cursor\?: string/);
    expect(types).toMatch(/export interface Page \{[^}]*size\?: number;/);
  });

  it("a target that uses anchors (found by name in the whole schema) keeps its copies", async () => {
    const types = await typesOf({
      "point.json": { ...object({ x: { $ref: "#coord" } }), $defs: { coordinate: { $anchor: "coord", type: "number" } } },
      "manifest.json": { server, tools: [{ name: "move", inputSchema: object({ to: { $ref: "./point.json" } }) }] },
    });
    expect(types).not.toMatch(/export interface Point \{/);
    expect(types).toMatch(/to\?: \{\s*x\?: number/);
  });

  it("a file used once as a whole schema is that schema's type, so same-named files in folders do not clash", async () => {
    const types = await typesOf({
      "tools/a/input.json": object({ a: { type: "number" } }),
      "tools/b/input.json": object({ b: { type: "string" } }),
      "manifest.json": {
        server,
        tools: [
          { name: "a", inputSchema: { $ref: "./tools/a/input.json" } },
          { name: "b", inputSchema: { $ref: "./tools/b/input.json" } },
        ],
      },
    });
    expect(types).toMatch(/export interface AInput \{[^}]*a\?: number;/);
    expect(types).toMatch(/export interface BInput \{[^}]*b\?: string;/);
    expect(types).not.toMatch(/Input = /);
  });

  it("a file that is a tool's whole schema and is named like its type is that type", async () => {
    const types = await typesOf({
      "add-input.json": object({ a: { type: "number" } }, ["a"]),
      "manifest.json": {
        server,
        tools: [
          { name: "add", inputSchema: { $ref: "./add-input.json" } },
          { name: "sum", inputSchema: { $ref: "./add-input.json" } },
        ],
      },
    });
    expect(count(types, /export interface AddInput \{/)).toBe(1);
    expect(types).toMatch(/export type SumInput = AddInput;/);
  });

  it("...and keeps copies when its defaults are filled, instead of clashing", async () => {
    const types = await typesOf({
      "add-input.json": object({ a: { type: "number", default: 1 } }),
      "manifest.json": {
        server,
        tools: [
          { name: "add", inputSchema: { $ref: "./add-input.json" } },
          { name: "sum", inputSchema: { $ref: "./add-input.json" } },
        ],
      },
    });
    expect(types).toMatch(/export interface AddInput \{[^}]*a: number;/);
    expect(types).toMatch(/export interface SumInput \{[^}]*a: number;/);
  });

  it("a local `$defs` entry and a template variable that reference a file use its type", async () => {
    const types = await typesOf({
      "id.json": { title: "Ident", type: "string", pattern: "^[a-z]+$" },
      "manifest.json": {
        server,
        tools: [{ name: "get", inputSchema: { type: "object", properties: { id: { $ref: "#/$defs/id" } }, $defs: { id: { $ref: "./id.json" } } } }],
        resourceTemplates: [{ name: "item", uriTemplate: "item://{id}", variables: { id: { schema: { $ref: "./id.json" } } } }],
      },
    });
    expect(count(types, /export type Ident = string;/)).toBe(1);
    expect(types).toMatch(/export type GetInputId = Ident;/);
    expect(types).toMatch(/id: Ident;/);
  });
});
