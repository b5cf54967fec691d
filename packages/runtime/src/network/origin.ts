/**
 * DNS-rebinding protection (basic/transports, "Security Warning"; basic/security_best_practices):
 * a browser page can make a hostile name resolve to 127.0.0.1, so a request whose
 * `Origin` or `Host` names anything but an allowed host is refused with 403.
 * Requests without `Origin` come from non-browser clients and pass the Origin check.
 */
import { LOOPBACK_HOSTNAMES, isLoopbackUrl } from "./loopback.js";

/** The two headers the check reads; a `node:http` `IncomingMessage` is one. */
export interface OriginCheckedRequest {
  readonly headers: { readonly host?: string | undefined; readonly origin?: string | undefined };
}

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

function hostAllowed(name: string, exact: ReadonlySet<string>, suffixes: readonly string[]): boolean {
  if (exact.has(name)) return true;
  for (const suffix of suffixes) {
    // Exactly one label before the suffix: `acme.api.example.com`, not `a.b.api.example.com`.
    if (name.endsWith(suffix) && name.length > suffix.length && !name.slice(0, -suffix.length).includes(".")) return true;
  }
  return false;
}

/** Whether a browser origin passes the policy: listed, any, or (no list) on loopback. */
export function originAllowed(origin: string, policy: OriginPolicy): boolean {
  if (policy.origins === true) return true;
  return policy.origins.size === 0 ? isLoopbackUrl(origin) : policy.origins.has(origin.toLowerCase());
}

/** Returns why the request is refused, or undefined when it may proceed. */
export function originProblem(req: OriginCheckedRequest, policy: OriginPolicy): string | undefined {
  if (policy.hosts !== true) {
    const host = req.headers.host;
    if (host === undefined || !hostAllowed(hostnameOf(host), policy.hosts, policy.hostSuffixes)) return "Forbidden: Host not allowed";
  }
  const origin = req.headers.origin;
  return origin === undefined || originAllowed(origin, policy) ? undefined : "Forbidden: Origin not allowed";
}
