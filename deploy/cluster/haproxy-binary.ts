/**
 * Where HAProxy is: `$HAPROXY_BIN`, else `haproxy` on PATH, else Debian's
 * /usr/sbin/haproxy (not on an ordinary user's PATH). Missing, it says how to
 * install it rather than failing later with a bare ENOENT.
 */
import { accessSync, constants } from "node:fs";
import path from "node:path";

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findHaproxy(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.HAPROXY_BIN;
  if (named !== undefined && named !== "") {
    if (!executable(named)) throw new Error(`HAPROXY_BIN names ${named}, which is not an executable file`);
    return named;
  }
  const candidates = [...(env.PATH ?? "").split(path.delimiter).filter((dir) => dir !== ""), "/usr/sbin", "/usr/local/sbin"].map((dir) =>
    path.join(dir, "haproxy"),
  );
  const found = candidates.find(executable);
  if (found === undefined)
    throw new Error(
      "haproxy was not found (PATH, /usr/sbin, /usr/local/sbin). The cluster needs HAProxy 2.6 or later: " +
        "install it (Debian/Ubuntu: apt-get install -y haproxy; macOS: brew install haproxy), or point HAPROXY_BIN at the binary.",
    );
  return found;
}
