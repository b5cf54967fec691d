import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestElicitationSep1330EnumsInput } from "../../generated/types.gen.js";

/**
 * Tool "test_elicitation_sep1330_enums": the five enum shapes of SEP-1330. Scenario
 * elicitation-sep1330-enums checks each shape strictly: untitled enums carry no
 * `oneOf`/`enumNames`, titled ones use `oneOf`/`anyOf` of `{ const, title }` and no
 * `enum`, and `enumNames` has one name per value.
 */
export async function testElicitationSep1330Enums(_input: TestElicitationSep1330EnumsInput, ctx: ToolContext): Promise<ToolResult> {
  const result = await ctx.elicit({
    message: "Please select options from the enum fields",
    requestedSchema: {
      type: "object",
      properties: {
        untitledSingle: { type: "string", description: "Select one option", enum: ["option1", "option2", "option3"] },
        titledSingle: {
          type: "string",
          description: "Select one option with titles",
          oneOf: [
            { const: "value1", title: "First Option" },
            { const: "value2", title: "Second Option" },
            { const: "value3", title: "Third Option" },
          ],
        },
        legacyEnum: {
          type: "string",
          description: "Select one option (legacy)",
          enum: ["opt1", "opt2", "opt3"],
          enumNames: ["Option One", "Option Two", "Option Three"],
        },
        untitledMulti: {
          type: "array",
          description: "Select multiple options",
          minItems: 1,
          maxItems: 3,
          items: { type: "string", enum: ["option1", "option2", "option3"] },
        },
        titledMulti: {
          type: "array",
          description: "Select multiple options with titles",
          minItems: 1,
          maxItems: 3,
          items: {
            anyOf: [
              { const: "value1", title: "First Choice" },
              { const: "value2", title: "Second Choice" },
              { const: "value3", title: "Third Choice" },
            ],
          },
        },
      },
      required: [],
    },
  });
  return `Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`;
}
