/**
 * The rate-limit Redis URL, checked at start-up: a typo fails with a message that says
 * what is wrong and never repeats the password.
 */

/** `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. */
const SHAPE = "redis://[user:password@]host[:port][/db] or rediss://…";

/**
 * Throws a TypeError unless `url` is a usable Redis URL; returns it without
 * credentials, for log lines and error messages.
 */
export function checkRedisUrl(name: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`${name} is not a URL; expected ${SHAPE}`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new TypeError(`${name} must use redis: or rediss:, got ${parsed.protocol}; expected ${SHAPE}`);
  }
  if (parsed.hostname === "") throw new TypeError(`${name} names no host; expected ${SHAPE}`);
  if (!/^(\/\d*)?$/.test(parsed.pathname)) {
    throw new TypeError(`${name} path must be a database number such as /0, got ${parsed.pathname}`);
  }
  return redactRedisUrl(parsed);
}

function redactRedisUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
}
