/**
 * The heaviest functions of a V8 `.cpuprofile`: self time (where the CPU was) and
 * inclusive time (what it was doing on behalf of), as percentages of the samples,
 * idle and module loading included so the shares are honest.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url === "" ? "" : ` ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
  return `${functionName === "" ? "(anonymous)" : functionName}${file}`;
}

export function summariseProfile(file: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const time = new Map<number, number>();
  profile.samples.forEach((id, index) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of time) {
    total += micros;
    const node = byId.get(id);
    if (node === undefined) continue;
    self.set(frameName(node), (self.get(frameName(node)) ?? 0) + micros);
    // Each frame once per sample, however often it recurs on the stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (frame === undefined) break;
      const name = frameName(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
    }
  }
  const list = (map: Map<string, number>): string =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join("\n");
  return `${(total / 1e6).toFixed(1)} s sampled\n\nself time\n${list(self)}\n\ninclusive time\n${list(inclusive)}`;
}

interface HeapNode {
  readonly callFrame: ProfileNode["callFrame"];
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

/**
 * The functions that allocated the most, from a sampling `.heapprofile` that kept
 * collected objects (servers/probe.ts), per request when `requests` is known. The
 * total includes start-up, a few MB.
 */
export function summariseAllocations(file: string, top: number, requests: number, survivorsOnly = false): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { head: HeapNode };
  const self = new Map<string, number>();
  let total = 0;
  const pending: HeapNode[] = [profile.head];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    total += node.selfSize;
    const name = frameName({ id: 0, callFrame: node.callFrame });
    self.set(name, (self.get(name) ?? 0) + node.selfSize);
    pending.push(...node.children);
  }
  const perRequest = (bytes: number): string => (requests > 0 ? `${(bytes / requests).toFixed(0).padStart(7)} B/req` : "");
  const rows = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, bytes]) => `${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${(bytes / 1e6).toFixed(1).padStart(7)} MB ${perRequest(bytes)}  ${name}`);
  const what = survivorsOnly ? "that outlived a young-generation GC" : "allocated while the server ran (collected objects included)";
  const head = `${(total / 1e6).toFixed(1)} MB ${what}${requests > 0 ? `, ${perRequest(total).trim()} over ${requests} requests` : ""}`;
  return `${head}\n\n${rows.join("\n")}`;
}
