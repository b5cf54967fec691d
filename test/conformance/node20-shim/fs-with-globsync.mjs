// node:fs plus a globSync for the only patterns the conformance suite uses:
// "<name>" and "**/<name>" (it gathers checks.json files). Anything else throws,
// so a new use in a later suite version fails loudly instead of silently.
import fs from "node:fs";
import path from "node:path";

export * from "node:fs";
export default fs;

export const globSync =
  fs.globSync ??
  function globSync(pattern, options = {}) {
    const cwd = options.cwd ?? process.cwd();
    const deep = pattern.startsWith("**/");
    const name = deep ? pattern.slice(3) : pattern;
    if (name.includes("*") || name.includes("/")) throw new Error(`globSync shim: unsupported pattern ${pattern}`);
    const found = [];
    const walk = (relative) => {
      for (const entry of fs.readdirSync(path.join(cwd, relative), { withFileTypes: true })) {
        const child = relative === "" ? entry.name : path.join(relative, entry.name);
        if (entry.isDirectory()) {
          if (deep) walk(child);
        } else if (entry.name === name) {
          found.push(child);
        }
      }
    };
    walk("");
    return found;
  };
