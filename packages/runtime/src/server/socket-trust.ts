/**
 * TCP and Unix sockets carry no headers, so their clients cannot authenticate: they
 * are anonymous, or, when the operator vouches for them (`trustLocalSockets`), the
 * local user like stdio's. A manifest that requires authentication must not be
 * served to anonymous callers, so those transports refuse to start without that
 * setting rather than quietly open what the manifest closed.
 */
import type { AuthPolicy } from "../config/policies.js";

/** Why `--transport tcp|unix` may not serve this manifest, or undefined when it may. */
export function socketAuthProblem(transport: "tcp" | "unix", auth: AuthPolicy | undefined, trustLocalSockets: boolean): string | undefined {
  if (auth?.required !== true || trustLocalSockets) return undefined;
  return (
    `the manifest requires authentication (auth.required), but --transport ${transport} carries no credentials: ` +
    "serve over --transport http or ws, which authenticate, or set trustLocalSockets (TURBOMCP_TRUST_LOCAL_SOCKETS=true) " +
    `to treat every client of the ${transport === "tcp" ? "loopback TCP socket" : "Unix socket"} as the local user, like the stdio client`
  );
}
