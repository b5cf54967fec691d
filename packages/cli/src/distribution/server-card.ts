/**
 * The Server Card: the static document a client reads before it connects to a
 * remote server (SEP-2127, drafted as the experimental server-card extension; the
 * schema is vendored from that extension's repository, see official-schemas.ts).
 * It names the server and its Streamable HTTP endpoint with the protocol
 * versions this runtime serves there; it lists no tools (those come from the live
 * connection) and no packages (those belong in the registry's server.json).
 */
import { STATELESS_PROTOCOL_VERSIONS, SUPPORTED_PROTOCOL_VERSIONS } from "@turbomcp/runtime";
import type { ManifestModel } from "../model/types.js";
import { generatedNote } from "./generated-note.js";
import { headerInputs } from "./launch.js";
import { IDENTITY_MEMBERS, type Origin, type Origins, assertNoProblems, manifestProblem, serverOrigins } from "./locate.js";
import { officialSchemaProblems, SERVER_CARD_SCHEMA_URL } from "./official-schemas.js";

export interface ServerCardOptions {
  /** The Streamable HTTP endpoint; `distribution.remoteUrl` when absent. */
  readonly url?: string;
}

/** Where the card (a `_meta` key in reverse-DNS form, outside the names MCP reserves) says it was generated. */
const GENERATED_KEY = "dev.turbomcp/generated";

export function serverCard(model: ManifestModel, options: ServerCardOptions, cwd: string): Record<string, unknown> {
  const name = model.distribution?.registryName;
  if (name === undefined)
    throw manifestProblem(
      model,
      cwd,
      "/distribution/registryName",
      "export card needs the server's name in reverse-DNS form, e.g. \"io.github.you/" + model.server.name + '"',
    );
  const url = options.url ?? model.distribution?.remoteUrl;
  if (url === undefined)
    throw manifestProblem(model, cwd, "/distribution/remoteUrl", "a Server Card describes a remote server: add its Streamable HTTP URL here, or give --url");
  const { server } = model;
  const headers = headerInputs(model.auth);
  const document: Record<string, unknown> = {
    $schema: SERVER_CARD_SCHEMA_URL,
    name,
    version: server.version,
    ...(server.description === undefined ? {} : { description: server.description }),
    ...(server.title === undefined ? {} : { title: server.title }),
    ...(server.websiteUrl === undefined ? {} : { websiteUrl: server.websiteUrl }),
    ...(server.icons === undefined ? {} : { icons: server.icons }),
    remotes: [
      {
        type: "streamable-http",
        url,
        ...(headers.length === 0 ? {} : { headers }),
        supportedProtocolVersions: [...SUPPORTED_PROTOCOL_VERSIONS, ...STATELESS_PROTOCOL_VERSIONS],
      },
    ],
    _meta: { [GENERATED_KEY]: generatedNote("turbomcp export card", model) },
  };
  const origins: Origins = new Map<string, Origin>([
    ...serverOrigins(IDENTITY_MEMBERS),
    ["/name", { manifest: "/distribution/registryName" }],
    ["/remotes/0/url", options.url === undefined ? { manifest: "/distribution/remoteUrl" } : { file: "--url", pointer: "" }],
  ]);
  assertNoProblems(model, cwd, "server card", officialSchemaProblems("serverCard", document), origins);
  return document;
}
