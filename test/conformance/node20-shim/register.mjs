// The conformance suite imports `globSync` from "fs", which Node 20 lacks (it
// arrived in Node 22). This preload routes the suite's "fs" imports to a module
// that adds it; the suite runs unchanged, nothing is skipped. Load it with
// NODE_OPTIONS=--import=<this file> so the suite's own child processes get it too.
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);
