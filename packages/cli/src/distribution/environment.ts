/**
 * The environment variables a server reads, as the distribution formats list
 * them: those the manifest already names (the auth section's `…Env` fields, all
 * secrets) followed by the ones `distribution.environment` declares.
 */
import type { DistributionVariable, ManifestModel } from "../model/types.js";

export interface ServerVariable extends DistributionVariable {
  /** Where the manifest names it, e.g. `/auth/schemes/0/keyEnv`. */
  readonly pointer: string;
}

/** What each `…Env` field of the auth section holds, for the people asked to set it. */
const AUTH_VARIABLES: Readonly<Record<string, string>> = {
  keyEnv: "Key that verifies the JWT bearer tokens",
  keysEnv: "Hashed API keys, as JSON",
  signingKeysEnv: "Signing keys of the built-in authorization server, as JSON",
  clientIdEnv: "OAuth client id of the upstream sign-in",
  clientSecretEnv: "OAuth client secret of the upstream sign-in",
};

type Json = unknown;

function isRecord(value: Json): value is Readonly<Record<string, Json>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every `…Env` string under `value`, in document order. `keysEnv` beside a `keysFile` is optional: the file can hold the keys instead. */
function authVariables(value: Json, pointer: string, found: ServerVariable[]): void {
  if (Array.isArray(value)) {
    value.forEach((item: Json, index) => authVariables(item, `${pointer}/${index}`, found));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const description = Object.hasOwn(AUTH_VARIABLES, key) ? AUTH_VARIABLES[key] : undefined;
    if (description !== undefined && typeof item === "string") {
      const required = !(key === "keysEnv" && value["keysFile"] !== undefined);
      found.push({ name: item, description, required, secret: true, pointer: `${pointer}/${key}` });
    } else authVariables(item, `${pointer}/${key}`, found);
  }
}

/** Each name once: a variable the manifest names twice (two schemes sharing a key) is one variable to set; a declared one keeps its own description. */
export function serverEnvironment(model: ManifestModel): readonly ServerVariable[] {
  const found: ServerVariable[] = [];
  if (model.auth !== undefined) authVariables(model.auth, "/auth", found);
  (model.distribution?.environment ?? []).forEach((variable, index) => found.push({ ...variable, pointer: `/distribution/environment/${index}` }));
  const byName = new Map<string, ServerVariable>();
  for (const variable of found) {
    const earlier = byName.get(variable.name);
    byName.set(variable.name, earlier === undefined ? variable : { ...earlier, ...variable, pointer: earlier.pointer });
  }
  return [...byName.values()];
}
