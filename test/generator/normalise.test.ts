/**
 * The normalised model: names derived once, folders cleaned, template variables
 * in template order with their schemas, completion sources, and the derived
 * argument/variable schemas the emitters share.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { promptArgumentsSchema, templateVariablesSchema } from "../../packages/cli/src/model/derived-schemas.js";
import { type ManifestProject, manifestProject, objectSchema, server } from "./manifest-project.js";

let project: ManifestProject;
beforeEach(() => {
  project = manifestProject();
});
afterEach(() => project.remove());

describe("normalise", () => {
  it("derives every entry's names and records where it came from", async () => {
    project.write("manifest.json", {
      server,
      tools: [{ name: "get_user.v2", inputSchema: objectSchema }],
      resources: [{ name: "class", uri: "config://class" }],
      resourceTemplates: [{ name: "3d-model", uriTemplate: "models://{id}" }],
      prompts: [{ name: "con" }],
    });
    const model = await project.build();
    expect(model.tools[0]).toMatchObject({
      name: "get_user.v2",
      identifier: "getUserV2",
      typeBase: "GetUserV2",
      handlerModule: "tools/get-user-v2",
      pointer: "/tools/0",
    });
    expect(model.resources[0]).toMatchObject({ identifier: "resourceClass", typeBase: "Class", handlerModule: "resources/class", pointer: "/resources/0" });
    expect(model.resourceTemplates[0]).toMatchObject({
      identifier: "template3dModel",
      typeBase: "Template3DModel",
      handlerModule: "resource-templates/3d-model",
    });
    expect(model.prompts[0]).toMatchObject({ identifier: "con", typeBase: "Con", handlerModule: "prompts/prompt-con", pointer: "/prompts/0" });
  });

  it.each([
    ["./src/gen/", "src/gen"],
    ["src//gen", "src/gen"],
    ["src/./gen/../generated", "src/generated"],
    ["out", "out"],
  ])("cleans the folder %j to %j", async (written, cleaned) => {
    project.write("manifest.json", { server, codegen: { generatedDir: written, handlersDir: "handlers" } });
    expect((await project.build()).codegen.generatedDir).toBe(cleaned);
  });

  it("lists template variables in template order, with string as the default schema", async () => {
    project.write("manifest.json", {
      server,
      resourceTemplates: [
        {
          name: "page",
          uriTemplate: "docs://{lang}/{+path}{?page,size}",
          variables: {
            size: { schema: { type: "integer" }, description: "Page size." },
            lang: { completion: { values: ["en", "fr"] } },
            path: { completion: { dynamic: true } },
          },
        },
      ],
    });
    const [template] = (await project.build()).resourceTemplates;
    expect(template?.variables).toEqual([
      { name: "lang", schema: { type: "string" }, completion: { values: ["en", "fr"] } },
      { name: "path", schema: { type: "string" }, completion: { dynamic: true } },
      { name: "page", schema: { type: "string" } },
      { name: "size", description: "Page size.", schema: { type: "integer" } },
    ]);
    if (template === undefined) throw new Error("template expected");
    expect(templateVariablesSchema(template)).toEqual({
      type: "object",
      properties: {
        lang: { type: "string" },
        path: { type: "string" },
        page: { type: "string" },
        size: { type: "integer", description: "Page size." },
      },
      required: ["lang", "path", "page", "size"],
      additionalProperties: false,
    });
  });

  it("gives prompt arguments their completion and a schema of strings", async () => {
    project.write("manifest.json", {
      server,
      prompts: [
        {
          name: "greet",
          arguments: [
            { name: "who", required: true, description: "Name." },
            { name: "tone", completion: { values: ["warm", "dry"] } },
          ],
        },
      ],
    });
    const [prompt] = (await project.build()).prompts;
    expect(prompt?.arguments).toEqual([
      { name: "who", description: "Name.", required: true },
      { name: "tone", required: false, completion: { values: ["warm", "dry"] } },
    ]);
    if (prompt === undefined) throw new Error("prompt expected");
    expect(promptArgumentsSchema(prompt)).toEqual({
      type: "object",
      properties: { who: { type: "string", description: "Name." }, tone: { type: "string" } },
      required: ["who"],
      additionalProperties: false,
    });
  });

  it("carries policies and leaves absent options out of the model", async () => {
    project.write("manifest.json", {
      server,
      tools: [
        { name: "slow", inputSchema: objectSchema, scopes: ["a", "b"], timeoutMs: 2500, rateLimit: { limit: 5, windowMs: 1000 } },
        { name: "plain", inputSchema: objectSchema },
      ],
      auth: { schemes: [{ type: "apiKey", keysEnv: "API_KEYS" }] },
    });
    const [slow, plain] = (await project.build()).tools;
    expect(slow?.policy).toEqual({ scopes: ["a", "b"], timeoutMs: 2500, rateLimit: { limit: 5, windowMs: 1000 } });
    expect(plain).toEqual({
      name: "plain",
      identifier: "plain",
      typeBase: "Plain",
      handlerModule: "tools/plain",
      pointer: "/tools/1",
      inputSchema: objectSchema,
      policy: { scopes: [] },
    });
  });
});

describe("normalise: tool execution (tasks extension)", () => {
  it("keeps execution only for tools that may run as tasks; forbidden, the default, is left out", async () => {
    project.write("manifest.json", {
      server,
      tools: [
        { name: "a", inputSchema: objectSchema },
        { name: "b", inputSchema: objectSchema, execution: {} },
        { name: "c", inputSchema: objectSchema, execution: { taskSupport: "forbidden", taskAfterMs: 5 } },
        { name: "d", inputSchema: objectSchema, execution: { taskSupport: "optional" } },
        { name: "e", inputSchema: objectSchema, execution: { taskSupport: "required", taskAfterMs: 250 } },
      ],
    });
    expect((await project.build()).tools.map((tool) => tool.execution)).toEqual([
      undefined,
      undefined,
      undefined,
      { taskSupport: "optional" },
      { taskSupport: "required", taskAfterMs: 250 },
    ]);
  });
});
