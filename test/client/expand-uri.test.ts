/**
 * The URI template expansion of the generated typed client (`expandUri` in every
 * client.gen.ts), on the examples of RFC 6570 §3.2 for levels 1–3, prefixes and
 * exploded lists, with templates parsed as the generator parses them.
 */
import { parseUriTemplate } from "@turbomcp/runtime";
import { describe, expect, it } from "vitest";
import { expandUri } from "../../examples/notes/src/generated/client.gen.js";

const variables = {
  var: "value",
  hello: "Hello World!",
  path: "/foo/bar",
  empty: "",
  x: 1024,
  y: 768,
  list: ["red", "green", "blue"],
};

describe("expandUri", () => {
  it.each([
    ["{var}", "value"],
    ["{hello}", "Hello%20World%21"],
    ["{+hello}", "Hello%20World!"],
    ["{+path}/here", "/foo/bar/here"],
    ["{#path}", "#/foo/bar"],
    ["map?{x,y}", "map?1024,768"],
    ["{x,hello,y}", "1024,Hello%20World%21,768"],
    ["X{.var}", "X.value"],
    ["X{.x,y}", "X.1024.768"],
    ["{/var,x}/here", "/value/1024/here"],
    ["{;x,y,empty}", ";x=1024;y=768;empty"],
    ["{?x,y,empty}", "?x=1024&y=768&empty="],
    ["{?x,undef}", "?x=1024"],
    ["?fixed=yes{&x}", "?fixed=yes&x=1024"],
    ["{var:3}", "val"],
    ["{list}", "red,green,blue"],
    ["{list*}", "red,green,blue"],
    ["{/list*}", "/red/green/blue"],
    ["{?list}", "?list=red,green,blue"],
    ["{?list*}", "?list=red&list=green&list=blue"],
    ["users://{id}/posts{?limit}", "users://7/posts"],
  ])("%s → %s", (template, expected) => {
    const values = template.startsWith("users://") ? { id: 7 } : variables;
    expect(expandUri(parseUriTemplate(template), values)).toBe(expected);
  });
});
