// Resolve hook: "fs" / "node:fs" → fs plus globSync, except for the shim itself.
const shim = new URL("./fs-with-globsync.mjs", import.meta.url).href;

export async function resolve(specifier, context, next) {
  if ((specifier === "fs" || specifier === "node:fs") && context.parentURL !== shim && Number(process.versions.node.split(".")[0]) < 22) {
    return { url: shim, shortCircuit: true };
  }
  return next(specifier, context);
}
