import type { ToolContext } from "@turbomcp/runtime";
import type { WhoamiInput, WhoamiOutput } from "../../generated/types.gen.js";

/**
 * Tool "whoami": Return the signed-in user and the scopes of the access token.
 *
 * The principal is who the built-in authorization server signed in; the runtime
 * verified the token (signature, issuer, audience, expiry, revocation) before this runs.
 */
export async function whoami(_input: WhoamiInput, ctx: ToolContext): Promise<WhoamiOutput> {
  const principal = ctx.principal;
  const client = principal?.claims.client_id;
  return {
    subject: principal?.subject ?? "anonymous",
    scopes: [...(principal?.scopes ?? [])],
    ...(typeof client === "string" && { client }),
  };
}
