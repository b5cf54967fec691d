/**
 * The registry: every emitter, in the order its files are planned (see
 * contract.ts). The pipeline, the writer and `check` know no emitter by name; they
 * iterate this list. A new artefact is one more entry here.
 *
 * Paths are declared here, cheaply; the emitter modules are imported on first
 * use, because ts-morph and json-schema-to-typescript take a second to load, which
 * a `check` that finds the fingerprints current never needs.
 */
import type { ManifestModel } from "../model/types.js";
import type { Emitter } from "./contract.js";
import { handlerFile, handlerModules } from "./handler-modules.js";

/** An emitter whose module is loaded only when it first emits. */
function lazyEmitter(emitter: Omit<Emitter, "emit"> & { readonly load: () => Promise<Emitter["emit"]> }): Emitter {
  const { load, ...declared } = emitter;
  return { ...declared, emit: async (model) => (await load())(model) };
}

const inGenerated = (model: ManifestModel, name: string): string => `${model.codegen.generatedDir}/${name}`;

export const EMITTERS: readonly Emitter[] = [
  lazyEmitter({
    name: "types",
    ownership: "generated",
    paths: (model) => [inGenerated(model, "types.gen.ts")],
    load: async () => (await import("./types-emitter.js")).emitTypes,
  }),
  lazyEmitter({
    name: "validators",
    ownership: "generated",
    // Template variables are validated with coercion, in a file of their own.
    paths: (model) => [
      ...(model.tools.length + model.prompts.length > 0 ? [inGenerated(model, "validators.gen.ts")] : []),
      ...(model.resourceTemplates.length > 0 ? [inGenerated(model, "template-validators.gen.ts")] : []),
    ],
    load: async () => (await import("./validators-emitter.js")).emitValidators,
  }),
  lazyEmitter({
    name: "routes",
    ownership: "generated",
    paths: (model) => [inGenerated(model, "routes.gen.ts")],
    load: async () => (await import("./routes-emitter.js")).emitRoutes,
  }),
  lazyEmitter({
    name: "server",
    ownership: "generated",
    paths: (model) => [inGenerated(model, "server.gen.ts")],
    load: async () => (await import("./server-emitter.js")).emitServer,
  }),
  lazyEmitter({
    name: "client",
    ownership: "generated",
    paths: (model) => (model.codegen.client ? [inGenerated(model, "client.gen.ts")] : []),
    load: async () => (await import("./client-emitter.js")).emitClient,
  }),
  lazyEmitter({
    name: "upstreams",
    ownership: "generated",
    paths: (model) => (model.tools.some((tool) => tool.upstream !== undefined) ? [inGenerated(model, "upstreams.gen.ts")] : []),
    load: async () => (await import("./upstreams-emitter.js")).emitUpstreams,
  }),
  lazyEmitter({
    name: "stubs",
    ownership: "scaffold",
    paths: (model) => handlerModules(model).map((module) => handlerFile(model, module)),
    load: async () => (await import("./stubs-emitter.js")).emitStubs,
  }),
];
