/**
 * DNS-rebinding protection (basic/transports, "Security Warning"; basic/security_best_practices):
 * a browser page can make a hostile name resolve to 127.0.0.1, so a request whose
 * `Origin` or `Host` names anything but an allowed host is refused with 403.
 * Requests without `Origin` come from non-browser clients and pass the Origin check.
 */
import type { IncomingMessage } from "node:http";

/** Host names that always mean this machine. */
export const LOOPBACK_HOSTNAMES: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

export interface OriginPolicy {
  /** `true`: any Origin; otherwise exact origins (`scheme://host[:port]`), or loopback origins when empty. */
  readonly origins: true | ReadonlySet<string>;
  /** `true`: any Host; otherwise allowed host names (no port). */
  readonly hosts: true | ReadonlySet<string>;
  /**
   * From `*.` entries (`*.api.example.com`): a Host that is one label under one of
   * these (`.api.example.com`) is allowed too, so each tenant's subdomain need not be
   * listed. Only names under the operator's own domain: a rebinding attacker's name is not.
   */
  readonly hostSuffixes: readonly string[];
}

/**
 * Resolves the options once. Unset lists mean loopback only, which matches the
 * default bind address; `"*"` switches a check off (e.g. behind a proxy that checks).
 */
export function originPolicy(allowedOrigins: readonly string[] | undefined, allowedHosts: readonly string[] | undefined): OriginPolicy {
  const origins = allowedOrigins?.includes("*") ? true : new Set((allowedOrigins ?? []).map((origin) => origin.toLowerCase()));
  const listed = (allowedHosts ?? LOOPBACK_HOSTNAMES).map((host) => host.toLowerCase());
  const hosts = allowedHosts?.includes("*") ? true : new Set(listed.filter((host) => !host.startsWith("*.")));
  const hostSuffixes = listed.filter((host) => host.startsWith("*.") && host.length > 2).map((host) => host.slice(1));
  return { origins, hosts, hostSuffixes };
}

/** `example.com:8080` → `example.com`; `[::1]:3000` → `[::1]`. */
export function hostnameOf(host: string): string {
  const end = host.startsWith("[") ? host.indexOf("]") + 1 : host.indexOf(":");
  return (end <= 0 ? host : host.slice(0, end)).toLowerCase();
}

function loopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTNAMES.includes(url.hostname);
  } catch {
    return false;
  }
}

function hostAllowed(name: string, exact: ReadonlySet<string>, suffixes: readonly string[]): boolean {
  if (exact.has(name)) return true;
  for (const suffix of suffixes) {
    // Exactly one label before the suffix: `acme.api.example.com`, not `a.b.api.example.com`.
    if (name.endsWith(suffix) && name.length > suffix.length && !name.slice(0, -suffix.length).includes(".")) return true;
  }
  return false;
}

/** Returns why the request is refused, or undefined when it may proceed. */
export function originProblem(req: IncomingMessage, policy: OriginPolicy): string | undefined {
  if (policy.hosts !== true) {
    const host = req.headers.host;
    if (host === undefined || !hostAllowed(hostnameOf(host), policy.hosts, policy.hostSuffixes)) return "Forbidden: Host not allowed";
  }
  const origin = req.headers.origin;
  if (origin === undefined || policy.origins === true) return undefined;
  const allowed = policy.origins.size === 0 ? loopbackOrigin(origin) : policy.origins.has(origin.toLowerCase());
  return allowed ? undefined : "Forbidden: Origin not allowed";
}
