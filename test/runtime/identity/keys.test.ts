/**
 * An identity is scheme + issuer + subject, within a tenant: `principalKey` and
 * `ownerKey` give two identities the same key only when all those parts are equal,
 * whatever characters a subject or an issuer holds (`:`, `|`, digits that look like
 * a length prefix).
 */
import { describe, expect, it } from "vitest";
import type { Principal, Tenant } from "@turbomcp/runtime";
import { ownerKey, principalKey } from "../../../packages/runtime/src/protocol/caller.js";

const who = (scheme: string, issuer: string | undefined, subject: string): Principal => ({
  scheme,
  subject,
  scopes: [],
  claims: {},
  ...(issuer !== undefined && { issuer }),
});
const tenant = (id: string): Tenant => ({ id, policy: {} });

describe("principalKey", () => {
  it("tells a JWT subject from an API key id of the same name", () => {
    expect(principalKey(who("jwt", "", "alice"))).not.toBe(principalKey(who("apiKey", "", "alice")));
    expect(principalKey(who("jwt", "https://id.example.com", "alice"))).not.toBe(principalKey(who("apiKey", "x-api-key", "alice")));
  });

  it("tells the same subject of two issuers apart", () => {
    expect(principalKey(who("jwt", "https://id-a.example.com", "alice"))).not.toBe(principalKey(who("jwt", "https://id-b.example.com", "alice")));
  });

  it("is the same for equal identities, an absent issuer being the empty one", () => {
    expect(principalKey(who("jwt", "https://id.example.com", "alice"))).toBe(principalKey(who("jwt", "https://id.example.com", "alice")));
    expect(principalKey(who("jwt", undefined, "alice"))).toBe(principalKey(who("jwt", "", "alice")));
    expect(principalKey(undefined)).toBeNull();
  });

  it("never lets separators or digits in an issuer or subject make two identities collide", () => {
    const parts = ["", "a", "b", ":", "|", "a:b", "b:c", "a|b", "1:", "3:jwt", "0:", "jwt", "1:a", ":b", "a:", "|b"];
    const schemes = ["jwt", "apiKey", "jwt:", "j", "3:jwt"];
    const seen = new Map<string, string>();
    for (const scheme of schemes) {
      for (const issuer of parts) {
        for (const subject of parts) {
          const key = principalKey(who(scheme, issuer, subject))!;
          const identity = JSON.stringify([scheme, issuer, subject]);
          const earlier = seen.get(key);
          if (earlier !== undefined) expect.fail(`${identity} and ${earlier} share the key ${key}`);
          seen.set(key, identity);
        }
      }
    }
  });
});

describe("ownerKey", () => {
  it("binds an identity within its tenant: the same caller in two tenants is two owners", () => {
    const alice = who("jwt", "https://id.example.com", "alice");
    expect(ownerKey(alice, tenant("acme"))).not.toBe(ownerKey(alice, tenant("globex")));
    expect(ownerKey(alice, tenant("acme"))).not.toBe(ownerKey(alice, undefined));
    expect(ownerKey(alice, undefined)).toBe(principalKey(alice));
  });

  it("gives an anonymous caller of a tenant an owner, and one without a tenant none", () => {
    expect(ownerKey(undefined, tenant("acme"))).not.toBeNull();
    expect(ownerKey(undefined, tenant("acme"))).not.toBe(ownerKey(undefined, tenant("globex")));
    expect(ownerKey(undefined, undefined)).toBeNull();
  });

  it("never collides across tenants, subjects with '|' included", () => {
    const tenants = [undefined, "a", "b", "a.b", "a-b", "1"];
    const subjects = [undefined, "", "a", "|", "a|b", "b|", "|a", "1:"];
    const seen = new Map<string | null, string>();
    for (const id of tenants) {
      for (const subject of subjects) {
        const principal = subject === undefined ? undefined : who("jwt", "", subject);
        const key = ownerKey(principal, id === undefined ? undefined : tenant(id));
        const owner = JSON.stringify([id ?? null, subject ?? null]);
        const earlier = seen.get(key);
        if (earlier !== undefined) expect.fail(`${owner} and ${earlier} share the owner key ${String(key)}`);
        seen.set(key, owner);
      }
    }
  });
});
