/**
 * The TypeScript compiler, loaded with `require`. An ES `import` of this 9 MB
 * CommonJS file makes Node scan all of it for named exports and for module syntax
 * first, which costs about 0.4 s of every `check`; `require` skips both.
 */
import { createRequire } from "node:module";
import type TypeScript from "typescript";

export const ts: typeof TypeScript = createRequire(import.meta.url)("typescript") as typeof TypeScript;
