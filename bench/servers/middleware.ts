/**
 * The three trivial middleware of the `call-middleware` workload (issue 19: "with
 * three trivial middleware ≤ 5% slower"): one of each shape a real one takes, none
 * doing any work of its own, so what the workload measures is the chain itself.
 */
import { toolMiddleware, type Middleware } from "@turbomcp/runtime";

/** Generic, for every wrapped method: hands the call on and returns what comes back. */
const passThrough: Middleware = (_call, next) => next();

/** Per family: reads the tool's arguments (as a rule would) and passes the call on unchanged. */
const readsArguments = toolMiddleware((call, next) => {
  if (call.arguments.a === undefined) return next();
  return next(call);
});

/** Awaits the rest of the chain and returns its result unchanged, as a timing or logging middleware does. */
const awaitsResult: Middleware = async (_call, next) => {
  const result = await next();
  return result;
};

export function benchMiddleware(): readonly Middleware[] {
  return [passThrough, readsArguments, awaitsResult];
}
