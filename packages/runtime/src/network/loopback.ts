/**
 * What counts as this machine, defined once for every guard that asks: the bind checks
 * of the network transports (off loopback they need `allowedHosts`; `trustLocalSockets`
 * needs loopback), the default Origin and Host allow-lists (DNS-rebinding protection),
 * CORS's default origins and the plain-http exception for a JWKS URL.
 */

/** Host names that always mean this machine, as `Host` headers and URLs spell them: the default `allowedHosts`. */
export const LOOPBACK_HOSTNAMES: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/** A dotted IPv4 address in 127.0.0.0/8; a name such as `127.example.com` is not one. */
const IPV4_LOOPBACK = /^127(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * Whether `host` (a bind address, a URL's hostname, a `Host` name without its port)
 * names this machine: `localhost`, an address in 127.0.0.0/8, or `::1` (bare or in
 * brackets).
 */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase();
  return name === "localhost" || name === "::1" || name === "[::1]" || IPV4_LOOPBACK.test(name);
}

/** Whether `url` is an http: or https: URL (an origin, a JWKS URL) on this machine; false for anything that is not a URL. */
export function isLoopbackUrl(url: string | URL): boolean {
  try {
    const parsed = typeof url === "string" ? new URL(url) : url;
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && isLoopback(parsed.hostname);
  } catch {
    return false;
  }
}
