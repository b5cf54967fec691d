import { describe, expect, it } from "vitest";
import { compileUriTemplate } from "../../packages/runtime/src/index.js";

describe("compileUriTemplate", () => {
  const matches: ReadonlyArray<readonly [string, string, Record<string, string | string[]>]> = [
    ["notes://{id}", "notes://3", { id: "3" }],
    ["notes://{id}", "notes://hello%20world", { id: "hello world" }],
    ["users://{org}/{id}", "users://acme/42", { org: "acme", id: "42" }],
    ["file:///{+path}", "file:///etc/hosts", { path: "etc/hosts" }],
    ["repo://x{/owner,name}", "repo://x/alice/tools", { owner: "alice", name: "tools" }],
    ["repo://x{/segments*}", "repo://x/a/b/c", { segments: ["a", "b", "c"] }],
    ["search://q{?term,limit}", "search://q?limit=5&term=cats", { term: "cats", limit: "5" }],
    ["search://q{?term,limit}", "search://q?term=cats", { term: "cats" }],
    ["search://q{?term,limit}", "search://q", {}],
    ["search://q{?term}{&page}", "search://q?term=a&page=2", { term: "a", page: "2" }],
    ["doc://{name}{.ext}", "doc://report.pdf", { name: "report", ext: "pdf" }],
    ["map://{lat},{lng}", "map://1.5,2.5", { lat: "1.5", lng: "2.5" }],
  ];
  it.each(matches)("%s matches %s", (template, uri, expected) => {
    expect(compileUriTemplate(template)(uri)).toEqual(expected);
  });

  const misses: ReadonlyArray<readonly [string, string]> = [
    ["notes://{id}", "notes://3/extra"],
    ["notes://{id}", "other://3"],
    ["notes://{id}", "notes://3?x=1"],
    ["users://{org}/{id}", "users://acme"],
    ["notes://{id}", "notes://%E0%A4%A"],
  ];
  it.each(misses)("%s does not match %s", (template, uri) => {
    expect(compileUriTemplate(template)(uri)).toBeUndefined();
  });
});
