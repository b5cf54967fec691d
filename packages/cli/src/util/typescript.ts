/**
 * The TypeScript compiler API (JavaScript), as ts-morph bundles it: the generator's
 * printer and the AST reads of handlers (kept-handler warnings) use it, and it type-
 * checks where TypeScript's native compiler cannot run (check/typecheck-engine.ts).
 * Loaded with `require`: an ES `import` of this CommonJS bundle makes Node scan all
 * of it for named exports first, about 0.4 s of a run.
 */
import { createRequire } from "node:module";
import type { ts as TypeScript } from "ts-morph";

export const ts: typeof TypeScript = (createRequire(import.meta.url)("ts-morph") as { ts: typeof TypeScript }).ts;
