/**
 * Where the server fetches keys or metadata that decide who is authenticated: https,
 * or plain http on loopback only (tests, a local authorization server). Over plain
 * http anyone on the path could swap the keys.
 */
import { isLoopback } from "./loopback.js";

/** Parses `value`; a TypeError naming `where` and `name` when it is not a URL or not secure. */
export function checkSecureUrl(where: string, name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${where}: ${name} ${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw new TypeError(`${where}: ${name} must use https (plain http is allowed on loopback only)`);
  }
  return url;
}
