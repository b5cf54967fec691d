/**
 * A server with the built-in authorization server, run through runMain by the
 * end-to-end suite: every instance gets the same public base URL (`OAUTH_E2E_BASE`,
 * the issuer and the resource's origin, as behind a load balancer) whatever port it
 * listens on.
 */
import { runMain } from "../../../packages/runtime/src/index.js";
import { builtInRoutes } from "../../runtime/oauth-server/kit.js";

const base = process.env.OAUTH_E2E_BASE;
if (base === undefined) throw new Error("set OAUTH_E2E_BASE");
await runMain(builtInRoutes(base));
