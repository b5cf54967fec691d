/**
 * Which addresses are public (network/ip-ranges.ts): every special-purpose range at
 * both ends and just outside, the IPv6 allow-list, embedded IPv4 addresses, and a
 * parser that refuses every loose spelling.
 */
import { describe, expect, it } from "vitest";
import { isPublicAddress, parseIpv4, parseIpv6, specialUse } from "../../../packages/runtime/src/network/ip-ranges.js";

/** Each IPv4 special range: its first and last address, and the label it is refused with. */
const IPV4_RANGES: readonly [first: string, last: string, label: string][] = [
  ["0.0.0.0", "0.255.255.255", "0.0.0.0/8 (this network)"],
  ["10.0.0.0", "10.255.255.255", "10.0.0.0/8 (private use)"],
  ["100.64.0.0", "100.127.255.255", "100.64.0.0/10 (shared address space)"],
  ["127.0.0.0", "127.255.255.255", "127.0.0.0/8 (loopback)"],
  ["169.254.0.0", "169.254.255.255", "169.254.0.0/16 (link-local)"],
  ["172.16.0.0", "172.31.255.255", "172.16.0.0/12 (private use)"],
  ["192.0.0.0", "192.0.0.255", "192.0.0.0/24 (IETF protocol assignments)"],
  ["192.0.2.0", "192.0.2.255", "192.0.2.0/24 (documentation)"],
  ["192.31.196.0", "192.31.196.255", "192.31.196.0/24 (AS112)"],
  ["192.52.193.0", "192.52.193.255", "192.52.193.0/24 (AMT)"],
  ["192.88.99.0", "192.88.99.255", "192.88.99.0/24 (6to4 relay anycast)"],
  ["192.168.0.0", "192.168.255.255", "192.168.0.0/16 (private use)"],
  ["192.175.48.0", "192.175.48.255", "192.175.48.0/24 (AS112 direct delegation)"],
  ["198.18.0.0", "198.19.255.255", "198.18.0.0/15 (benchmarking)"],
  ["198.51.100.0", "198.51.100.255", "198.51.100.0/24 (documentation)"],
  ["203.0.113.0", "203.0.113.255", "203.0.113.0/24 (documentation)"],
  ["224.0.0.0", "239.255.255.255", "224.0.0.0/4 (multicast)"],
  ["240.0.0.0", "255.255.255.254", "240.0.0.0/4 (reserved)"],
  ["255.255.255.255", "255.255.255.255", "255.255.255.255/32 (limited broadcast)"],
];

/** The addresses right next to those ranges, and a few well-known public ones: all public. */
const IPV4_PUBLIC = [
  "1.0.0.0",
  "1.1.1.1",
  "8.8.8.8",
  "9.255.255.255",
  "11.0.0.0",
  "100.63.255.255",
  "100.128.0.0",
  "126.255.255.255",
  "128.0.0.0",
  "169.253.255.255",
  "169.255.0.0",
  "172.15.255.255",
  "172.32.0.0",
  "191.255.255.255",
  "192.0.1.0",
  "192.0.3.0",
  "192.31.195.255",
  "192.31.197.0",
  "192.52.192.255",
  "192.52.194.0",
  "192.88.98.255",
  "192.88.100.0",
  "192.167.255.255",
  "192.169.0.0",
  "192.175.47.255",
  "192.175.49.0",
  "198.17.255.255",
  "198.20.0.0",
  "198.51.99.255",
  "198.51.101.0",
  "203.0.112.255",
  "203.0.114.0",
  "223.255.255.255",
];

describe("IPv4", () => {
  it("refuses every special-purpose range at both ends, naming it", () => {
    for (const [first, last, label] of IPV4_RANGES) {
      for (const address of [first, last]) {
        expect(specialUse(address), address).toEqual({ range: label, loopback: label.includes("loopback") });
        expect(isPublicAddress(address), address).toBe(false);
      }
    }
    expect(specialUse("169.254.169.254")?.range).toBe("169.254.0.0/16 (link-local)");
  });

  it("accepts the addresses just outside them", () => {
    for (const address of IPV4_PUBLIC) expect(specialUse(address), address).toBeUndefined();
  });

  it("parses plain dotted decimal only: no octal, hex, short forms, integers or spaces", () => {
    expect([...(parseIpv4("192.168.1.254") ?? [])]).toEqual([192, 168, 1, 254]);
    expect([...(parseIpv4("0.0.0.0") ?? [])]).toEqual([0, 0, 0, 0]);
    for (const text of [
      "010.0.0.1",
      "127.0.0.01",
      "0x7f.0.0.1",
      "127.1",
      "127.0.1",
      "2130706433",
      "256.0.0.1",
      "1.2.3.4.5",
      "1.2.3.",
      ".1.2.3",
      " 1.2.3.4",
      "1.2.3.4 ",
      "1.2.3.4\n",
      "1.2.3.-4",
      "1.2.3.+4",
      "1.2.3.1e1",
      "１.2.3.4",
      "",
    ]) {
      expect(parseIpv4(text), text).toBeUndefined();
      expect(isPublicAddress(text), text).toBe(false);
    }
  });
});

describe("IPv6", () => {
  const bytes = (text: string): number[] => [...(parseIpv6(text) ?? [])];

  it("parses full, compressed, bracketed, upper-case and IPv4-tailed forms", () => {
    expect(bytes("2001:0db8:0000:0000:0000:0000:0000:0001")).toEqual(bytes("2001:db8::1"));
    expect(bytes("::")).toEqual(new Array(16).fill(0));
    expect(bytes("::1")).toEqual([...new Array(15).fill(0), 1]);
    expect(bytes("1::")).toEqual([0, 1, ...new Array(14).fill(0)]);
    expect(bytes("[2001:DB8::A]")).toEqual(bytes("2001:db8::a"));
    expect(bytes("::ffff:1.2.3.4")).toEqual([...new Array(10).fill(0), 0xff, 0xff, 1, 2, 3, 4]);
    expect(bytes("1:2:3:4:5:6:1.2.3.4")).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4]);
    expect(bytes("1:2:3:4:5:6:7::")).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0]);
  });

  it("refuses malformed text, zone ids and an IPv4 tail anywhere but last", () => {
    for (const text of [
      "",
      ":",
      ":::",
      "1:::2",
      "::1::",
      "1::2::3",
      ":1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:",
      "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7::8",
      "12345::",
      "g::1",
      "fe80::1%eth0",
      "fe80::1%25eth0",
      "[::1",
      "::1]",
      "::ffff:256.0.0.1",
      "::ffff:1.2.3",
      "::ffff:01.2.3.4",
      "1.2.3.4::",
      "::1.2.3.4:1",
      "1:2:3:4:5:6:7:1.2.3.4",
      " ::1",
    ]) {
      expect(parseIpv6(text), text).toBeUndefined();
      expect(isPublicAddress(text), text).toBe(false);
    }
  });

  it("accepts global unicast only, minus its special ranges, checked at their edges", () => {
    for (const address of [
      "2000::",
      "2001:4860:4860::8888",
      "2606:4700:4700::1111",
      "2a00:1450:4001::1",
      "2001:200::",
      "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
      "2001:db9::",
      "2620:4f:7fff:ffff:ffff:ffff:ffff:ffff",
      "2620:4f:8001::",
      "3ffe:ffff::",
      "3fff:1000::",
      "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    ]) {
      expect(specialUse(address), address).toBeUndefined();
    }
    const refused: readonly [string, string][] = [
      ["::", "::/128 (unspecified)"],
      ["::1", "::1/128 (loopback)"],
      ["[::1]", "::1/128 (loopback)"],
      ["0:0:0:0:0:0:0:1", "::1/128 (loopback)"],
      ["::2", "::/96 (IPv4-compatible (deprecated))"],
      ["::1.2.3.4", "::/96 (IPv4-compatible (deprecated))"],
      ["::ffff:0:1.2.3.4", "::ffff:0:0:0/96 (IPv4-translated)"],
      ["64:ff9b:1::1", "64:ff9b:1::/48 (local-use NAT64)"],
      ["100::1", "100::/64 (discard-only)"],
      ["2001::", "2001::/23 (IETF protocol assignments (Teredo, ORCHID, …))"],
      ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::/23 (IETF protocol assignments (Teredo, ORCHID, …))"],
      ["2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", "2001::/23 (IETF protocol assignments (Teredo, ORCHID, …))"],
      ["2001:db8::", "2001:db8::/32 (documentation)"],
      ["2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db8::/32 (documentation)"],
      ["2620:4f:8000::1", "2620:4f:8000::/48 (AS112 direct delegation)"],
      ["3fff::", "3fff::/20 (documentation)"],
      ["3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", "3fff::/20 (documentation)"],
      ["5f00::1", "5f00::/16 (SRv6 SIDs)"],
      ["fc00::", "fc00::/7 (unique local)"],
      ["fd00::1", "fc00::/7 (unique local)"],
      ["fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fc00::/7 (unique local)"],
      ["fe80::", "fe80::/10 (link-local)"],
      ["febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe80::/10 (link-local)"],
      ["fec0::1", "fec0::/10 (site-local (deprecated))"],
      ["ff02::1", "ff00::/8 (multicast)"],
      ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ff00::/8 (multicast)"],
      ["1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "not global unicast (outside 2000::/3)"],
      ["4000::", "not global unicast (outside 2000::/3)"],
      ["1::", "not global unicast (outside 2000::/3)"],
      ["fbff::1", "not global unicast (outside 2000::/3)"],
    ];
    for (const [address, range] of refused) expect(specialUse(address), address).toEqual({ range, loopback: range.includes("(loopback)") });
  });

  it("judges an IPv4-mapped, NAT64 or 6to4 address by the IPv4 address inside", () => {
    const cases: readonly [string, string | undefined][] = [
      ["::ffff:127.0.0.1", "::ffff:0:0/96 (IPv4-mapped) → 127.0.0.0/8 (loopback)"],
      ["::ffff:7f00:1", "::ffff:0:0/96 (IPv4-mapped) → 127.0.0.0/8 (loopback)"],
      ["::FFFF:10.0.0.1", "::ffff:0:0/96 (IPv4-mapped) → 10.0.0.0/8 (private use)"],
      ["::ffff:169.254.169.254", "::ffff:0:0/96 (IPv4-mapped) → 169.254.0.0/16 (link-local)"],
      ["::ffff:0.0.0.0", "::ffff:0:0/96 (IPv4-mapped) → 0.0.0.0/8 (this network)"],
      ["::ffff:8.8.8.8", undefined],
      ["64:ff9b::10.0.0.1", "64:ff9b::/96 (NAT64) → 10.0.0.0/8 (private use)"],
      ["64:ff9b::a9fe:a9fe", "64:ff9b::/96 (NAT64) → 169.254.0.0/16 (link-local)"],
      ["64:ff9b::8.8.8.8", undefined],
      ["2002:7f00:1::1", "2002::/16 (6to4) → 127.0.0.0/8 (loopback)"],
      ["2002:c0a8:101::", "2002::/16 (6to4) → 192.168.0.0/16 (private use)"],
      ["2002:808:808::1", undefined],
    ];
    for (const [address, range] of cases) expect(specialUse(address)?.range, address).toBe(range);
  });

  it("calls loopback only what reaches this machine: 127/8, ::1 and IPv4-mapped 127/8, not NAT64 or 6to4", () => {
    for (const address of ["127.0.0.1", "127.255.255.254", "::1", "::ffff:127.0.0.1", "::ffff:127.1.2.3"]) {
      expect(specialUse(address)?.loopback, address).toBe(true);
    }
    for (const address of ["64:ff9b::127.0.0.1", "2002:7f00:1::", "10.0.0.1", "::", "0.0.0.0", "::ffff:10.0.0.1", "fe80::1", "not an address"]) {
      expect(specialUse(address)?.loopback, address).toBe(false);
    }
  });
});
