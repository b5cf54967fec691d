/**
 * What HAProxy thinks of each backend server, read from its runtime API (the
 * `stats socket` of the template): `show stat` answers CSV with a `status` column
 * (`UP`, `DOWN`, `UP 1/2` while rising, `MAINT`, …).
 */
import { connect } from "node:net";

/** Sends one runtime API command and resolves with the whole answer (HAProxy closes the connection after it). */
export function haproxyCommand(socket: string, command: string, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const connection = connect(socket);
    let answer = "";
    connection.setTimeout(timeoutMs, () => connection.destroy(new Error(`HAProxy's runtime API did not answer "${command}" within ${timeoutMs} ms`)));
    connection.once("connect", () => connection.write(`${command}\n`));
    connection.on("data", (chunk: Buffer) => (answer += chunk.toString("utf8")));
    connection.once("error", reject);
    connection.once("close", () => resolve(answer));
  });
}

/** The status of every server of `backend`, by server name. */
export async function serverStatuses(socket: string, backend: string): Promise<Map<string, string>> {
  const [header, ...rows] = (await haproxyCommand(socket, "show stat")).split("\n").filter((line) => line.length > 0);
  const columns = (header ?? "").replace(/^# /, "").split(",");
  const proxy = columns.indexOf("pxname");
  const server = columns.indexOf("svname");
  const status = columns.indexOf("status");
  if (proxy < 0 || server < 0 || status < 0) throw new Error(`unexpected "show stat" answer: ${header ?? "(empty)"}`);
  const statuses = new Map<string, string>();
  for (const row of rows) {
    const fields = row.split(",");
    const name = fields[server];
    if (fields[proxy] !== backend || name === undefined || name === "BACKEND" || name === "FRONTEND") continue;
    statuses.set(name, fields[status] ?? "");
  }
  return statuses;
}
