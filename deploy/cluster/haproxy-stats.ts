/**
 * HAProxy's runtime API (the `stats socket` of the template): what it thinks of
 * each backend server (`show stat`: a CSV with `status` — `UP`, `DOWN`, `UP 1/2`
 * while going down, `DRAIN`, `MAINT`… — and `scur`, the requests in progress), and
 * the administrative state that takes a server out of load balancing.
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

export interface ServerStat {
  readonly backend: string;
  readonly server: string;
  readonly status: string;
  /** Sessions (requests, with their connections) in progress on the server. */
  readonly current: number;
}

/** One row per server of every backend. */
export async function serverStats(socket: string): Promise<ServerStat[]> {
  const [header, ...rows] = (await haproxyCommand(socket, "show stat")).split("\n").filter((line) => line.length > 0);
  const columns = (header ?? "").replace(/^# /, "").split(",");
  const [backend, server, status, current] = ["pxname", "svname", "status", "scur"].map((name) => columns.indexOf(name));
  if (backend === undefined || server === undefined || status === undefined || current === undefined || Math.min(backend, server, status, current) < 0)
    throw new Error(`unexpected "show stat" answer: ${header ?? "(empty)"}`);
  return rows
    .map((row) => row.split(","))
    .filter((fields) => fields[server] !== "BACKEND" && fields[server] !== "FRONTEND")
    .map((fields) => ({ backend: fields[backend] ?? "", server: fields[server] ?? "", status: fields[status] ?? "", current: Number(fields[current] ?? 0) }));
}

export type AdminState = "ready" | "drain" | "maint";

/** `set server <backend>/<server> state <state>`; throws with HAProxy's answer when it refuses. */
export async function setServerState(socket: string, backend: string, server: string, state: AdminState): Promise<void> {
  const answer = (await haproxyCommand(socket, `set server ${backend}/${server} state ${state}`)).trim();
  if (answer !== "") throw new Error(`HAProxy refused "set server ${backend}/${server} state ${state}": ${answer}`);
}
