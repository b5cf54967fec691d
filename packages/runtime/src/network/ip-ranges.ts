/**
 * Which IP addresses are public: the guard every fetch of a URL someone else chose
 * (a client's metadata document) asks before connecting, so the server cannot be
 * pointed at itself, its network or a cloud metadata service (SSRF).
 *
 * Public means global unicast outside every range of the IANA special-purpose
 * address registries (RFC 6890 and its updates), which the OAuth Client ID Metadata
 * Document draft (§ SSRF) forbids fetching from, plus multicast and the reserved
 * blocks. IPv6 is decided by an allow-list: only 2000::/3 (the global unicast space)
 * can be public, so a range assigned tomorrow outside it is refused rather than
 * missed. Addresses that carry an IPv4 address inside (IPv4-mapped, NAT64 64:ff9b::/96,
 * 6to4 2002::/16) are as public as that IPv4 address.
 *
 * Pure string and byte logic (no node:net), so the base layer can hold it. Anything
 * that does not parse strictly (octal or hex IPv4 parts, leading zeros, a zone id
 * such as `fe80::1%eth0`) is not public: a guard must fail closed.
 */

/** Why an address is not public: the range it is in, and whether that range is this machine. */
export interface SpecialUse {
  /** The range and its use, for logs: `10.0.0.0/8 (private use)`, `::ffff:0:0/96 (IPv4-mapped) → 127.0.0.0/8 (loopback)`. */
  readonly range: string;
  /** 127.0.0.0/8 or ::1, directly or inside an IPv4-mapped address: what a test mode may allow. */
  readonly loopback: boolean;
}

interface Range {
  readonly bytes: Uint8Array;
  readonly bits: number;
  readonly label: string;
  readonly loopback?: true;
}

/** Every IPv4 range that is not public, most specific first where they nest. */
const IPV4_SPECIAL: readonly Range[] = [
  ["0.0.0.0/8", "this network"],
  ["10.0.0.0/8", "private use"],
  ["100.64.0.0/10", "shared address space"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private use"],
  ["192.0.0.0/24", "IETF protocol assignments"],
  ["192.0.2.0/24", "documentation"],
  ["192.31.196.0/24", "AS112"],
  ["192.52.193.0/24", "AMT"],
  ["192.88.99.0/24", "6to4 relay anycast"],
  ["192.168.0.0/16", "private use"],
  ["192.175.48.0/24", "AS112 direct delegation"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation"],
  ["203.0.113.0/24", "documentation"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "limited broadcast"],
  ["240.0.0.0/4", "reserved"],
].map(([cidr = "", label = ""]) => range(cidr, label));

/**
 * IPv6 ranges whose last 32 bits (or, for 6to4, bits 16–47) are an IPv4 address that
 * decides. Only an IPv4-mapped address reaches the IPv4 host itself (a socket sends
 * it over IPv4), so only there is an embedded loopback address this machine.
 */
const IPV6_EMBEDDING: readonly { readonly range: Range; readonly offset: number; readonly sameHost: boolean }[] = [
  { range: range("::ffff:0:0/96", "IPv4-mapped"), offset: 12, sameHost: true },
  { range: range("64:ff9b::/96", "NAT64"), offset: 12, sameHost: false },
  { range: range("2002::/16", "6to4"), offset: 2, sameHost: false },
];

/** The global unicast space: no IPv6 address outside it is public. */
const IPV6_GLOBAL_UNICAST = range("2000::/3", "global unicast");

/** Ranges inside 2000::/3 that are not public. */
const IPV6_SPECIAL_GLOBAL: readonly Range[] = [
  ["2001::/23", "IETF protocol assignments (Teredo, ORCHID, …)"],
  ["2001:db8::/32", "documentation"],
  ["2620:4f:8000::/48", "AS112 direct delegation"],
  ["3fff::/20", "documentation"],
].map(([cidr = "", label = ""]) => range(cidr, label));

/** Named ranges outside 2000::/3, so a refusal says what the address is; anything else there is "not global unicast". */
const IPV6_SPECIAL_OTHER: readonly Range[] = [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["::/96", "IPv4-compatible (deprecated)"],
  ["::ffff:0:0:0/96", "IPv4-translated"],
  ["64:ff9b:1::/48", "local-use NAT64"],
  ["100::/64", "discard-only"],
  ["5f00::/16", "SRv6 SIDs"],
  ["fc00::/7", "unique local"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local (deprecated)"],
  ["ff00::/8", "multicast"],
].map(([cidr = "", label = ""]) => range(cidr, label));

/**
 * Whether `ip` (as `dns.lookup` returns it, or a URL's hostname, brackets allowed) is a
 * public unicast address a server may fetch from. False for anything that is not a
 * strictly written IP address.
 */
export function isPublicAddress(ip: string): boolean {
  return specialUse(ip) === undefined;
}

/** Why `ip` is not public, or undefined when it is. */
export function specialUse(ip: string): SpecialUse | undefined {
  const v4 = parseIpv4(ip);
  if (v4 !== undefined) return ipv4SpecialUse(v4);
  const v6 = parseIpv6(ip);
  if (v6 === undefined) return { range: "not an IP address", loopback: false };
  for (const { range: outer, offset, sameHost } of IPV6_EMBEDDING) {
    if (!contains(outer, v6)) continue;
    const inner = ipv4SpecialUse(v6.subarray(offset, offset + 4));
    return inner === undefined ? undefined : { range: `${outer.label} → ${inner.range}`, loopback: sameHost && inner.loopback };
  }
  if (contains(IPV6_GLOBAL_UNICAST, v6)) {
    const special = IPV6_SPECIAL_GLOBAL.find((candidate) => contains(candidate, v6));
    return special === undefined ? undefined : { range: special.label, loopback: false };
  }
  const named = IPV6_SPECIAL_OTHER.find((candidate) => contains(candidate, v6));
  return { range: named?.label ?? "not global unicast (outside 2000::/3)", loopback: named?.loopback === true };
}

function ipv4SpecialUse(address: Uint8Array): SpecialUse | undefined {
  const special = IPV4_SPECIAL.find((candidate) => contains(candidate, address));
  return special === undefined ? undefined : { range: special.label, loopback: special.loopback === true };
}

/** A dotted-quad IPv4 address, each part 0–255 in plain decimal without leading zeros; anything else is undefined. */
export function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (const [index, part] of parts.entries()) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[index] = value;
  }
  return bytes;
}

/**
 * An IPv6 address (RFC 4291 §2.2: hex groups, one `::`, an optional dotted IPv4
 * tail; brackets allowed) as 16 bytes; undefined for anything else, a zone id included.
 */
export function parseIpv6(text: string): Uint8Array | undefined {
  let body = text.toLowerCase();
  if (body.startsWith("[") && body.endsWith("]")) body = body.slice(1, -1);
  if (!/^[0-9a-f:.]+$/.test(body)) return undefined;
  const groups: number[] = [];
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const parsed = halves.map((half, index) => parseGroups(half, index === halves.length - 1));
  const [head, tail] = parsed;
  if (head === undefined || parsed.includes(undefined)) return undefined;
  if (tail === undefined) {
    if (head.length !== 8) return undefined;
    groups.push(...head);
  } else {
    // `::` stands for one or more zero groups.
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups.push(...head, ...new Array<number>(missing).fill(0), ...tail);
  }
  const bytes = new Uint8Array(16);
  for (const [index, group] of groups.entries()) {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  }
  return bytes;
}

/** The 16-bit groups of one side of `::` (an IPv4 tail counts as two); undefined when malformed. */
function parseGroups(half: string, last: boolean): number[] | undefined {
  if (half === "") return [];
  const groups: number[] = [];
  const pieces = half.split(":");
  for (const [index, piece] of pieces.entries()) {
    if (last && index === pieces.length - 1 && piece.includes(".")) {
      const v4 = parseIpv4(piece);
      if (v4 === undefined) return undefined;
      groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else {
      if (!/^[0-9a-f]{1,4}$/.test(piece)) return undefined;
      groups.push(Number.parseInt(piece, 16));
    }
  }
  return groups;
}

function range(cidr: string, use: string): Range {
  const [address = "", bits = ""] = cidr.split("/");
  const bytes = parseIpv4(address) ?? parseIpv6(address);
  if (bytes === undefined) throw new Error(`bad range ${cidr}`);
  const label = `${cidr} (${use})`;
  return { bytes, bits: Number(bits), label, ...(use === "loopback" && { loopback: true as const }) };
}

function contains(candidate: Range, address: Uint8Array): boolean {
  if (candidate.bytes.length !== address.length) return false;
  for (let bit = 0; bit < candidate.bits; bit += 8) {
    const index = bit / 8;
    const mask = candidate.bits - bit >= 8 ? 0xff : (0xff << (8 - (candidate.bits - bit))) & 0xff;
    if (((address[index] ?? 0) & mask) !== ((candidate.bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}
