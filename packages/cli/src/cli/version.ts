/** turbomcp's own version, read from its package.json. */
import { readFileSync } from "node:fs";
import { packagePath } from "../util/package-root.js";

export function toolVersion(): string {
  return (JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string }).version;
}
