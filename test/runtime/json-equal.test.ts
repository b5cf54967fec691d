/**
 * The deep equality generated validators use for `const`, `enum` and
 * `uniqueItems` (issue 16). Regression: ajv's helper called a data object's own
 * `toString`/`valueOf` property and threw when it was not a function.
 */
import { describe, expect, it } from "vitest";
import { jsonEqual } from "../../packages/runtime/src/validation/json-equal.js";

const json = (text: string): unknown => JSON.parse(text);

describe("jsonEqual", () => {
  it.each([
    ["equal primitives", "1", "1", true],
    ["different types", "1", '"1"', false],
    ["null and an object", "null", "{}", false],
    ["arrays in order", "[1, [2, {}]]", "[1, [2, {}]]", true],
    ["arrays of other lengths", "[1]", "[1, 1]", false],
    ["an array and an object", "[]", "{}", false],
    ["objects in any key order", '{"a": 1, "b": [2]}', '{"b": [2], "a": 1}', true],
    ["an extra key", '{"a": 1}', '{"a": 1, "b": 2}', false],
    ["own `toString` values", '{"toString": 1}', '{"toString": 1}', true],
    ["own `valueOf` against none", '{"valueOf": 1}', "{}", false],
    ["own `__proto__` keys", '{"__proto__": {"x": 1}}', '{"__proto__": {"x": 1}}', true],
    ["own `__proto__` against another value", '{"__proto__": 1}', '{"__proto__": 2}', false],
    ["an inherited member is not a key", '{"constructor": 1}', '{"a": 1}', false],
  ])("%s", (_name, a, b, expected) => {
    expect(jsonEqual(json(a), json(b))).toBe(expected);
    expect(jsonEqual(json(b), json(a))).toBe(expected);
  });
});
