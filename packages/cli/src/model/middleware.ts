/**
 * The top-level `middleware` definitions as the model holds them: each built-in
 * becomes the runtime factory it calls with the manifest's options, each custom one
 * the names of its stub. The entries' references stay names (checked in
 * validate/middleware-checks.ts).
 */
import { joinPointer } from "../util/json-pointer.js";
import { compact } from "../util/compact.js";
import type { MiddlewareInput } from "./manifest-input.js";
import { fileStem, handlerIdentifier } from "./names.js";
import type { BuiltInMiddlewareModel, MiddlewareModel } from "./types.js";

const FACTORIES: Readonly<Record<BuiltInMiddlewareModel["use"], BuiltInMiddlewareModel["factory"]>> = {
  cache: "resultCache",
  redact: "redactArguments",
  concurrency: "concurrencyLimit",
};

function middlewareModel(name: string, definition: MiddlewareInput): MiddlewareModel {
  const pointer = joinPointer("/middleware", name);
  if (definition.use === "custom") {
    return compact({
      use: "custom",
      name,
      pointer,
      identifier: handlerIdentifier("middleware", name),
      handlerModule: `middleware/${fileStem("middleware", name)}`,
      description: definition.description,
    });
  }
  const { use, ...options } = definition;
  return { use, name, pointer, factory: FACTORIES[use], options };
}

/** In manifest order; undefined when the manifest defines none, so such a model (and its fingerprint) is as before. */
export function middlewareModels(definitions: Readonly<Record<string, MiddlewareInput>> | undefined): MiddlewareModel[] | undefined {
  const models = Object.entries(definitions ?? {}).map(([name, definition]) => middlewareModel(name, definition));
  return models.length === 0 ? undefined : models;
}

/** An entry's references; undefined for none, so entries without middleware generate as before. */
export function entryMiddleware(names: readonly string[] | undefined): readonly string[] | undefined {
  return names === undefined || names.length === 0 ? undefined : names;
}
