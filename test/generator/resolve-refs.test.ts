/**
 * Split manifests: `$ref`s to other files are inlined, schema-local references
 * are kept relative to the emitted schema, and every problem names the file it
 * is in, with that file's own line:column.
 */
import { readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JsonDocument } from "../../packages/cli/src/load/json-document.js";
import { loadManifest } from "../../packages/cli/src/load/load-manifest.js";
import { resolveRefs } from "../../packages/cli/src/load/resolve-refs.js";
import { type ManifestProject, manifestProject, objectSchema, server } from "./manifest-project.js";

let project: ManifestProject;
beforeEach(() => {
  project = manifestProject();
});
afterEach(() => project.remove());

/** A schema file with its own `$defs`, a local reference and a recursive one. */
const pointSchema = {
  type: "object",
  properties: { at: { $ref: "#/$defs/Point" } },
  required: ["at"],
  $defs: {
    Point: { type: "object", properties: { x: { type: "number" }, next: { $ref: "#/$defs/Point" } }, required: ["x"] },
  },
};

describe("split manifests", () => {
  it("inlines a tool from its own file, whose inputSchema lives in a third file with its own $defs", async () => {
    project.write("manifest.json", { server, tools: [{ $ref: "./tools/add.json" }] });
    project.write("tools/add.json", { name: "add", description: "Adds.", inputSchema: { $ref: "../schemas/point.json" } });
    project.write("schemas/point.json", pointSchema);
    const [add] = (await project.build()).tools;
    expect(add?.name).toBe("add");
    expect(add?.description).toBe("Adds.");
    // Regression: the local references were resolved against tools/add.json and
    // inlined, so the recursive `next` was reported as a `$ref` cycle.
    expect(add?.inputSchema).toEqual(pointSchema);
  });

  it("follows a fragment reference into a $defs file, keeping the schema's references to itself", async () => {
    project.write("manifest.json", { server, tools: [{ name: "near", inputSchema: { $ref: "./schemas/point.json#/$defs/Point" } }] });
    project.write("schemas/point.json", pointSchema);
    expect((await project.build()).tools[0]?.inputSchema).toEqual({
      type: "object",
      properties: { x: { type: "number" }, next: { $ref: "#" } },
      required: ["x"],
    });
  });

  it("inlines a definition the fragment does not include", async () => {
    project.write("manifest.json", { server, tools: [{ name: "draw", inputSchema: { $ref: "./shapes.json#/$defs/scene" } }] });
    project.write("shapes.json", {
      $defs: {
        scene: { type: "object", properties: { shapes: { type: "array", items: { $ref: "#/$defs/shape" } } } },
        shape: { enum: ["circle", "square"] },
      },
    });
    expect((await project.build()).tools[0]?.inputSchema).toEqual({
      type: "object",
      properties: { shapes: { type: "array", items: { enum: ["circle", "square"] } } },
    });
  });

  it("keeps a referenced file's local references valid where the file lands inside a schema", async () => {
    project.write("manifest.json", { server, tools: [{ name: "move", inputSchema: { type: "object", properties: { to: { $ref: "./point.json" } } } }] });
    project.write("point.json", { type: "object", properties: { next: { $ref: "#/$defs/P" } }, $defs: { P: { type: "number" } } });
    expect((await project.build()).tools[0]?.inputSchema).toEqual({
      type: "object",
      properties: { to: { type: "object", properties: { next: { $ref: "#/properties/to/$defs/P" } }, $defs: { P: { type: "number" } } } },
    });
  });

  it("keeps a manifest schema's local references as they are", async () => {
    const inputSchema = { type: "object", properties: { a: { $ref: "#/$defs/A" } }, $defs: { A: { type: "string" } } };
    project.write("manifest.json", { server, tools: [{ name: "t", inputSchema }] });
    expect((await project.build()).tools[0]?.inputSchema).toEqual(inputSchema);
  });

  it("wraps a schema $ref with sibling keywords in allOf, keeping type at the root", async () => {
    project.write("manifest.json", {
      server,
      tools: [
        {
          name: "t",
          inputSchema: { $ref: "./s.json", description: "Outer.", required: ["x"] },
          outputSchema: { type: "object", properties: { n: { $ref: "./n.json", minimum: 1 } } },
        },
      ],
    });
    project.write("s.json", { type: "object", properties: { x: { type: "string" } } });
    project.write("n.json", { type: "integer" });
    const [tool] = (await project.build()).tools;
    // Regression: without `type` the wrapper failed the manifest schema, reported at s.json:1:1.
    expect(tool?.inputSchema).toEqual({
      type: "object",
      allOf: [{ type: "object", properties: { x: { type: "string" } } }],
      description: "Outer.",
      required: ["x"],
    });
    // Regression: `minimum` beside a bare allOf failed ajv's strictTypes.
    expect(tool?.outputSchema).toEqual({ type: "object", properties: { n: { type: "integer", allOf: [{ type: "integer" }], minimum: 1 } } });
  });

  it("points a wrapped schema's local references into allOf", async () => {
    project.write("manifest.json", { server, tools: [{ name: "t", inputSchema: { $ref: "./s.json", description: "d" } }] });
    project.write("s.json", { type: "object", properties: { a: { $ref: "#/$defs/A" } }, $defs: { A: { type: "string" } } });
    expect((await project.build()).tools[0]?.inputSchema).toEqual({
      type: "object",
      allOf: [{ type: "object", properties: { a: { $ref: "#/allOf/0/$defs/A" } }, $defs: { A: { type: "string" } } }],
      description: "d",
    });
  });

  it("merges sibling keywords over a referenced non-schema object", async () => {
    project.write("manifest.json", { server, tools: [{ $ref: "./t.json", description: "Local." }] });
    project.write("t.json", { name: "t", description: "Shared.", inputSchema: objectSchema });
    expect((await project.build()).tools[0]).toMatchObject({ name: "t", description: "Local." });
  });
});

describe("where referenced schemas land (for named types)", () => {
  it("records each schema inlined in a schema, with its file relative to the project and its pointer", () => {
    project.write("manifest.json", {
      server,
      tools: [
        { $ref: "./tools/add.json" },
        { name: "near", inputSchema: { type: "object", properties: { p: { $ref: "./schemas/point.json#/$defs/Point", description: "d" } } } },
      ],
    });
    project.write("tools/add.json", { name: "add", inputSchema: { $ref: "../schemas/point.json" } });
    project.write("schemas/point.json", pointSchema);
    expect(loadManifest("manifest.json", project.dir).inlinedSchemas).toEqual([
      // The tool's file is not a schema; its inputSchema is one as a whole.
      { at: "/tools/0/inputSchema", schemaOut: "/tools/0/inputSchema", file: "schemas/point.json", pointer: "" },
      // With sibling keywords the schema lands in allOf.
      { at: "/tools/1/inputSchema/properties/p/allOf/0", schemaOut: "/tools/1/inputSchema", file: "schemas/point.json", pointer: "/$defs/Point" },
    ]);
  });
});

describe("problems in split manifests", () => {
  it("name the referenced file and its own line:column", async () => {
    project.write("manifest.json", { server, tools: [{ $ref: "./tools/add.json" }] });
    project.write("tools/add.json", { name: "add", inputSchema: objectSchema, colour: 1 });
    expect(await project.diagnostics()).toEqual([{ file: "tools/add.json", pointer: "/colour", line: 6, column: 3, message: 'unknown property "colour"' }]);
  });

  it("name the referenced file for semantic problems too", async () => {
    project.write("manifest.json", { server, tools: [{ name: "add", inputSchema: objectSchema }, { $ref: "./tools/add.json" }] });
    project.write("tools/add.json", { name: "add", inputSchema: { type: "object", requierd: [] } });
    expect(await project.errors()).toEqual([
      'tools/add.json:2:3 /name: tool name "add" is already used at /tools/0',
      'tools/add.json:5:5 /inputSchema/requierd: invalid JSON Schema: unknown keyword "requierd" (did you mean "required"?)',
    ]);
  });

  it("report a syntax error in a referenced file once, however often it is referenced", async () => {
    project.write("manifest.json", { server, tools: [{ $ref: "./tools/add.json" }, { $ref: "./tools/add.json" }] });
    project.write("tools/add.json", '{\n  "name": "add",\n}\n');
    expect(await project.errors()).toEqual(["tools/add.json:2:16: invalid JSON: trailing comma"]);
  });

  it("report a missing file at the $ref, saying what it was resolved against", async () => {
    project.write("manifest.json", { server, tools: [{ $ref: "./tools/nope.json" }] });
    expect(await project.errors()).toEqual(['manifest.json:8:7 /tools/0/$ref: cannot read "./tools/nope.json" (resolved relative to manifest.json)']);
  });

  it("report unresolved references next to every other problem of the manifest, without what the holes would cause", async () => {
    project.write("manifest.json", {
      server: { name: "demo", version: "1.0.0", colour: "red" },
      tools: [
        { $ref: "./tools/nope.json" },
        { name: "broken", inputSchema: { $ref: "./schemas/broken.json" } },
        { name: "ok", inputSchema: objectSchema, timeoutMs: "soon" },
      ],
    });
    project.write("schemas/broken.json", '{ "type": "object", }\n');
    expect(await project.errors()).toEqual([
      'manifest.json:5:5 /server/colour: unknown property "colour"',
      'manifest.json:9:7 /tools/0/$ref: cannot read "./tools/nope.json" (resolved relative to manifest.json)',
      "manifest.json:22:7 /tools/2/timeoutMs: must be integer",
      "schemas/broken.json:1:19: invalid JSON: trailing comma",
    ]);
  });

  it("locate what a referenced file lacks in that file", async () => {
    project.write("manifest.json", { server, tools: [{ $ref: "./tools/empty.json" }] });
    project.write("tools/empty.json", "{}\n");
    expect(await project.errors()).toEqual([
      'tools/empty.json:1:1: missing required property "inputSchema"',
      'tools/empty.json:1:1: missing required property "name"',
    ]);
  });

  it("report a fragment that points to nothing", async () => {
    project.write("manifest.json", { server, tools: [{ name: "t", inputSchema: { $ref: "./s.json#/$defs/Nope" } }] });
    project.write("s.json", { $defs: {} });
    expect(await project.errors()).toEqual(['manifest.json:10:9 /tools/0/inputSchema/$ref: "$ref": "./s.json#/$defs/Nope" points to nothing']);
  });

  it("report a $ref cycle across two files", async () => {
    project.write("manifest.json", { server, tools: [{ $ref: "./a.json" }] });
    project.write("a.json", { $ref: "./b.json" });
    project.write("b.json", { $ref: "./a.json" });
    expect(await project.errors()).toEqual(['b.json:2:3 /$ref: "$ref" cycle: a.json# → b.json# → a.json#']);
  });

  it("report a cycle through two schema files that cannot be kept as references", async () => {
    project.write("manifest.json", { server, tools: [{ name: "t", inputSchema: { $ref: "./a.json" } }] });
    project.write("a.json", { type: "object", properties: { b: { $ref: "./b.json" } } });
    project.write("b.json", { type: "object", properties: { a: { $ref: "./a.json" } } });
    expect(await project.errors()).toEqual(['b.json:5:7 /properties/a/$ref: "$ref" cycle: a.json# → b.json# → a.json#']);
  });

  it.each([
    ["https://example.com/point.json", "must be a relative file path; remote and absolute references are not supported"],
    ["file:///etc/point.json", "must be a relative file path; remote and absolute references are not supported"],
    ["/etc/point.json", "must be a relative file path; remote and absolute references are not supported"],
    ["./point.json#Point", 'must use a JSON pointer fragment such as "#/$defs/Name"'],
  ])("reject %j", async (ref, why) => {
    project.write("manifest.json", { server, tools: [{ name: "t", inputSchema: { $ref: ref } }] });
    expect(await project.errors()).toEqual([`manifest.json:10:9 /tools/0/inputSchema/$ref: "$ref": "${ref}" ${why}`]);
  });
});

/**
 * Regression: a `$ref` could reach any file the generator could read. A file
 * outside the project was inlined into routes.gen.ts (and so served in
 * tools/list), and `../../../../etc/passwd` was opened. The project folder is
 * `app/` here, the one holding the root manifest; `outside/` is its sibling.
 */
describe("$refs that leave the project folder", () => {
  const secret = { name: "leak", description: "SECRET FROM OUTSIDE", inputSchema: objectSchema };
  const leaves = (ref: string): string => `"$ref": "${ref}" leaves the project folder app/; references must stay inside it`;

  beforeEach(() => project.write("outside/secret.json", secret));

  it.each(["../outside/secret.json", "./tools/../../outside/secret.json", "../outside/missing.json"])("refuse %j at the $ref", async (ref) => {
    project.write("app/manifest.json", { server, tools: [{ $ref: ref }] });
    // `missing.json` too: the folder is checked before any attempt to read.
    expect(await project.errors("app/manifest.json")).toEqual([`app/manifest.json:8:7 /tools/0/$ref: ${leaves(ref)}`]);
  });

  it("refuse an escape from a referenced file in a subfolder, at that file's $ref", async () => {
    project.write("app/manifest.json", { server, tools: [{ $ref: "./tools/t.json" }] });
    project.write("app/tools/t.json", { name: "t", inputSchema: { $ref: "../../outside/secret.json#/inputSchema" } });
    expect(await project.errors("app/manifest.json")).toEqual([`app/tools/t.json:4:5 /inputSchema/$ref: ${leaves("../../outside/secret.json#/inputSchema")}`]);
  });

  it("refuse ../../../../etc/passwd without reading it", async () => {
    project.write("app/manifest.json", { server, tools: [{ name: "t", inputSchema: { $ref: "../../../../etc/passwd" } }] });
    // Exactly one problem, at the $ref: no syntax error quoted from the file, nothing named after it.
    expect(await project.errors("app/manifest.json")).toEqual([`app/manifest.json:10:9 /tools/0/inputSchema/$ref: ${leaves("../../../../etc/passwd")}`]);
  });

  it.each([
    ["a file", "app/linked.json", "../outside/secret.json", "./linked.json"],
    ["a folder", "app/shared", "../outside", "./shared/secret.json"],
  ])("refuse a symlink to %s outside the project", async (_kind, link, target, ref) => {
    project.write("app/manifest.json", { server, tools: [{ $ref: ref }] });
    symlinkSync(target, path.join(project.dir, link));
    expect(await project.errors("app/manifest.json")).toEqual([`app/manifest.json:8:7 /tools/0/$ref: ${leaves(ref)}`]);
  });

  it("refuse an absolute path, even to a file inside the project", async () => {
    const outside = path.join(project.dir, "outside/secret.json");
    const inside = path.join(project.dir, "app/t.json");
    project.write("app/t.json", secret);
    project.write("app/manifest.json", { server, tools: [{ $ref: outside }, { $ref: inside }] });
    const why = "must be a relative file path; remote and absolute references are not supported";
    expect(await project.errors("app/manifest.json")).toEqual([
      `app/manifest.json:8:7 /tools/0/$ref: "$ref": "${outside}" ${why}`,
      `app/manifest.json:11:7 /tools/1/$ref: "$ref": "${inside}" ${why}`,
    ]);
  });

  it("never ask the loader for a file outside", () => {
    const refs = ["../outside/secret.json", "../../../../etc/passwd", "./linked.json"];
    project.write("app/manifest.json", { server, tools: refs.map(($ref) => ({ $ref })) });
    symlinkSync("../outside/secret.json", path.join(project.dir, "app/linked.json"));
    const file = path.join(project.dir, "app/manifest.json");
    const root = JsonDocument.parse(file, "app/manifest.json", readFileSync(file, "utf8"));
    if (!(root instanceof JsonDocument)) throw new Error("the manifest must parse");
    const asked: string[] = [];
    const loader = (absolutePath: string): undefined => void asked.push(absolutePath);
    const result = resolveRefs(root, loader, { absolutePath: path.dirname(file), displayPath: "app/" });
    expect(asked).toEqual([]);
    expect(result.problems.map((problem) => problem.message)).toEqual(refs.map(leaves));
    expect(result.unresolved).toEqual(["/tools/0", "/tools/1", "/tools/2"]);
  });

  it("still follow references within the project: subfolders, ../ back inside, and symlinks that stay inside", async () => {
    project.write("app/manifest.json", { server, tools: [{ $ref: "./tools/add.json" }, { $ref: "./alias.json" }] });
    project.write("app/tools/add.json", { name: "add", inputSchema: { $ref: "../schemas/..point.json" } });
    project.write("app/schemas/..point.json", pointSchema);
    // A link's own references are resolved from where the link is, as before.
    project.write("app/tools/near.json", { name: "near", inputSchema: objectSchema });
    symlinkSync("tools/near.json", path.join(project.dir, "app/alias.json"));
    const [add, near] = (await project.build("app/manifest.json")).tools;
    expect(add?.inputSchema).toEqual(pointSchema);
    expect(near?.name).toBe("near");
  });
});
