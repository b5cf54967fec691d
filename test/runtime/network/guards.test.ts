/**
 * The network guards, each defined once in runtime/network/: what counts as this
 * machine, the start-up checks of a listen address, and the Origin/Host policy that
 * the HTTP endpoints, WebSocket upgrades and CORS share.
 */
import { describe, expect, it } from "vitest";
import { LOOPBACK_HOSTNAMES, isLoopback, isLoopbackUrl } from "../../../packages/runtime/src/network/loopback.js";
import { checkListenAddress, checkPort, urlHost } from "../../../packages/runtime/src/network/options.js";
import { originAllowed, originPolicy, originProblem } from "../../../packages/runtime/src/network/origin.js";
import { resolveCors } from "../../../packages/runtime/src/transports/http/cors.js";

describe("isLoopback", () => {
  it("knows localhost, 127.0.0.0/8 and ::1, bare or bracketed, in any case", () => {
    for (const host of ["localhost", "LocalHost", "127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]", ...LOOPBACK_HOSTNAMES]) {
      expect(isLoopback(host), host).toBe(true);
    }
  });

  it("refuses names that only look like loopback, and everything else", () => {
    for (const host of [
      "127.example.com",
      "127.0.0.1.nip.io",
      "127.0.0.256",
      "127.1",
      "0.0.0.0",
      "::",
      "10.0.0.1",
      "example.com",
      "localhost.example.com",
      "",
    ]) {
      expect(isLoopback(host), host).toBe(false);
    }
  });

  it("accepts http and https URLs on loopback only", () => {
    expect(isLoopbackUrl("http://localhost:3000")).toBe(true);
    expect(isLoopbackUrl("https://[::1]:8443/jwks")).toBe(true);
    expect(isLoopbackUrl(new URL("http://127.0.0.1/.well-known/jwks.json"))).toBe(true);
    expect(isLoopbackUrl("http://127.example.com")).toBe(false);
    expect(isLoopbackUrl("ftp://localhost")).toBe(false);
    expect(isLoopbackUrl("not a url")).toBe(false);
  });
});

describe("listen address checks", () => {
  it("refuses a port out of range", () => {
    for (const port of [-1, 65536, 1.5, Number.NaN]) expect(() => checkPort(port)).toThrow(/port must be an integer from 0 to 65535/);
    expect(() => checkPort(0)).not.toThrow();
  });

  it("needs allowedHosts off loopback, not on it", () => {
    expect(() => checkListenAddress("0.0.0.0", 3000, undefined)).toThrow(/binding 0\.0\.0\.0 serves other machines: set allowedHosts/);
    expect(() => checkListenAddress("127.example.com", 3000, undefined)).toThrow(/serves other machines/);
    expect(() => checkListenAddress("0.0.0.0", 3000, ["mcp.example.com"])).not.toThrow();
    expect(() => checkListenAddress("::1", 3000, undefined)).not.toThrow();
  });

  it("brackets IPv6 hosts for URLs", () => {
    expect(urlHost("::1")).toBe("[::1]");
    expect(urlHost("[::1]")).toBe("[::1]");
    expect(urlHost("127.0.0.1")).toBe("127.0.0.1");
  });
});

describe("the Origin and Host policy", () => {
  const request = (headers: { host?: string; origin?: string }) => ({ headers });

  it("defaults to loopback hosts and origins", () => {
    const policy = originPolicy(undefined, undefined);
    expect(originProblem(request({ host: "localhost:3000", origin: "http://127.0.0.1:5173" }), policy)).toBeUndefined();
    expect(originProblem(request({ host: "evil.example:3000" }), policy)).toBe("Forbidden: Host not allowed");
    expect(originProblem(request({ host: "localhost:3000", origin: "http://evil.example" }), policy)).toBe("Forbidden: Origin not allowed");
  });

  it("is the rule CORS checks its origins against, so the two cannot disagree", () => {
    const loopbackOnly = originPolicy(undefined, undefined);
    for (const origin of ["http://localhost:5173", "http://127.0.0.2:8080", "https://[::1]"]) {
      expect(originAllowed(origin, loopbackOnly)).toBe(true);
      expect(resolveCors({ origins: [origin] }, undefined)).toBeDefined();
    }
    expect(originAllowed("http://127.example.com", loopbackOnly)).toBe(false);
    expect(() => resolveCors({ origins: ["http://127.example.com"] }, undefined)).toThrow(/not allowed by allowedOrigins/);
    const listed = originPolicy(["https://app.example.com"], undefined);
    expect(originAllowed("HTTPS://APP.EXAMPLE.COM", listed)).toBe(true);
    expect(originAllowed("http://localhost", listed)).toBe(false);
  });
});
