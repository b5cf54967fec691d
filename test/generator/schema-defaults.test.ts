/**
 * A `default` that does not match its own schema is reported at generate time, at
 * the `default`, in the user's file (JSON Schema and ajv leave defaults unchecked).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ManifestProject, manifestProject, server } from "./manifest-project.js";

let project: ManifestProject;
beforeEach(() => {
  project = manifestProject();
});
afterEach(() => project.remove());

const toolWith = (inputSchema: Record<string, unknown>, outputSchema?: Record<string, unknown>): Record<string, unknown> => ({
  server,
  tools: [{ name: "forecast", inputSchema, ...(outputSchema !== undefined && { outputSchema }) }],
});

describe("schema defaults", () => {
  it("reports every default that breaks its schema, at the default, nested ones and $defs included", async () => {
    project.write(
      "manifest.json",
      toolWith(
        {
          type: "object",
          properties: {
            days: { type: "integer", minimum: 1, default: "twenty" },
            unit: { enum: ["c", "f"], default: "k" },
            place: { type: "object", properties: { lat: { type: "number", default: null } } },
            hours: { type: "array", items: { type: "integer", maximum: 23, default: 24 } },
            when: { $ref: "#/$defs/when" },
          },
          $defs: { when: { type: "string", format: "date", default: "tomorrow" } },
        },
        { type: "object", properties: { ok: { type: "boolean", default: 1 } } },
      ),
    );
    expect(await project.errors()).toEqual([
      'manifest.json:15:13 /tools/0/inputSchema/properties/days/default: the default "twenty" does not match its own schema: must be integer',
      'manifest.json:22:13 /tools/0/inputSchema/properties/unit/default: the default "k" does not match its own schema: must be one of "c", "f"',
      "manifest.json:29:17 /tools/0/inputSchema/properties/place/properties/lat/default: the default null does not match its own schema: must be number",
      "manifest.json:38:15 /tools/0/inputSchema/properties/hours/items/default: the default 24 does not match its own schema: must be <= 23",
      'manifest.json:49:13 /tools/0/inputSchema/$defs/when/default: the default "tomorrow" does not match its own schema: must match format "date"',
      "manifest.json:58:13 /tools/0/outputSchema/properties/ok/default: the default 1 does not match its own schema: must be boolean",
    ]);
  });

  it("accepts defaults that match, including an object default checked against its properties", async () => {
    project.write(
      "manifest.json",
      toolWith({
        type: "object",
        properties: {
          days: { type: "integer", minimum: 1, default: 3 },
          place: { type: "object", properties: { lat: { type: "number" } }, required: ["lat"], default: { lat: 51.5 } },
        },
      }),
    );
    await expect(project.build()).resolves.toBeDefined();
  });

  it("checks an object default against its own properties", async () => {
    project.write(
      "manifest.json",
      toolWith({
        type: "object",
        properties: { place: { type: "object", properties: { lat: { type: "number" } }, required: ["lat"], default: { lat: "north" } } },
      }),
    );
    expect(await project.errors()).toEqual([
      'manifest.json:22:13 /tools/0/inputSchema/properties/place/default: the default {"lat":"north"} does not match its own schema: /lat must be number',
    ]);
  });
});
