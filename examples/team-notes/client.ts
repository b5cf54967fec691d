/**
 * Self-check of the team-notes example: starts the server over Streamable HTTP with
 * keys for three tenants and a JWT for a fourth, and checks with the generated typed
 * client (src/generated/client.gen.ts, on the official MCP SDK client) that each
 * tenant sees and changes only its own notes, within its policy; then over stdio,
 * whose tenant comes from TURBOMCP_TENANT. Exits non-zero on any mismatch. Calls,
 * reads and prompts go through the typed methods; listing through `client.sdk`.
 *
 *   npx tsx --conditions=turbomcp-source examples/team-notes/client.ts
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { SignJWT } from "jose";
import { generateApiKey } from "@turbomcp/runtime/auth";
import { connectStdio, connectUrl, type TypedClient } from "./src/generated/client.gen.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "../..");
const entry = path.join(here, "src/generated/server.gen.ts");
const JWT_SECRET = "team-notes-example-secret-of-32-bytes";

// acme's and globex's keys name their tenant in the record; initech's key names it in
// its second segment (`tn_initech_…`, the manifest's keySegment).
const acme = generateApiKey("tn_acme_");
const globex = generateApiKey("tn_globex_");
const initech = generateApiKey("tn_initech_");
const keys = [
  { id: "acme-bot", hash: acme.hash, scopes: ["notes:write", "notes:admin"], tenant: "acme" },
  { id: "globex-bot", hash: globex.hash, scopes: ["notes:write"], tenant: "globex" },
  { id: "initech-bot", hash: initech.hash, scopes: ["notes:write"] },
];
const env = { ...process.env, TEAM_NOTES_API_KEYS: JSON.stringify(keys), TEAM_NOTES_JWT_SECRET: JWT_SECRET };

async function umbrellaToken(): Promise<string> {
  return new SignJWT({ scope: "notes:write", tenant_id: "umbrella" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("umbrella-analyst")
    .setIssuer("https://id.team-notes.test")
    .setAudience("team-notes")
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/** Starts the server over HTTP on a free port; resolves its URL and a stop function. */
function startHttp(): Promise<{ url: URL; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=turbomcp-source", entry, "--transport", "http", "--port", "0"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.once("exit", (code) => reject(new Error(`the server exited (${String(code)}): ${stderr}`)));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /MCP endpoint \(Streamable HTTP\): (\S+)/.exec(stderr);
      if (match?.[1] !== undefined) resolve({ url: new URL(match[1]), stop: () => child.kill("SIGTERM") });
    });
  });
}

function connect(url: URL, headers: Record<string, string>): Promise<TypedClient> {
  return connectUrl(url, { name: "team-notes-check", transport: { requestInit: { headers } } });
}

function text(result: CallToolResult): string {
  const [first] = result.content;
  return first?.type === "text" ? first.text : "";
}

const server = await startHttp();
try {
  const acmeClient = await connect(server.url, { "x-api-key": acme.key });
  const globexClient = await connect(server.url, { "x-api-key": globex.key });
  const initechClient = await connect(server.url, { "x-api-key": initech.key });
  const umbrellaClient = await connect(server.url, { authorization: `Bearer ${await umbrellaToken()}` });

  // Each tenant writes a note; ids are global, data is not.
  const { id: acmeId } = await acmeClient.tools.create_note({ title: "Acme roadmap", body: "Rockets, then more rockets." });
  await globexClient.tools.create_note({ title: "Globex plan", body: "Hammocks for everyone." });
  await initechClient.tools.create_note({ title: "Initech TPS", body: "New cover sheets." });

  // Searches and indexes see only the tenant's own notes.
  assert.match(text(await acmeClient.tools.search_notes({ query: "plan" })), /No notes match/);
  assert.match(text(await globexClient.tools.search_notes({ query: "plan" })), /Globex plan/);
  const index = await initechClient.resources.read("notes://index");
  assert.deepEqual(JSON.parse((index.contents[0] as { text: string }).text), [{ id: 3, title: "Initech TPS" }]);

  // A guessed id of another tenant's note is refused, through the tool, the template and the prompt.
  await assert.rejects(globexClient.tools.get_note({ id: acmeId }), /not available to this tenant/);
  await assert.rejects(umbrellaClient.resourceTemplates.note({ id: acmeId }), /not available to this tenant/);
  await assert.rejects(initechClient.prompts.summarize_note({ id: String(acmeId) }), /not available to this tenant/);
  assert.match(text(await acmeClient.tools.get_note({ id: acmeId })), /Acme roadmap/);

  // Policies: globex lists and uses only what its policy allows; the defaults hide purge_notes.
  const globexTools = (await globexClient.sdk.listTools()).tools.map((tool) => tool.name);
  assert.deepEqual(globexTools, ["create_note", "get_note", "search_notes", "build_report"]);
  assert.deepEqual((await globexClient.sdk.listResources()).resources, []);
  assert.deepEqual(
    (await globexClient.sdk.listPrompts()).prompts.map((prompt) => prompt.name),
    ["summarize_note"],
  );
  await assert.rejects(globexClient.prompts.weekly_digest(), /not available to this tenant/);
  assert.ok(!(await initechClient.sdk.listTools()).tools.some((tool) => tool.name === "purge_notes"), "the defaults deny purge_notes");
  assert.match(text(await acmeClient.tools.purge_notes({})), /Deleted 1 notes/);

  // umbrella's own rate limit (5 a minute) refuses it, and acme is still served.
  let refused = false;
  for (let attempt = 0; attempt < 8 && !refused; attempt++) {
    refused = await umbrellaClient.tools.search_notes({ query: "x" }).then(
      () => false,
      (error: unknown) => /Too many requests for this tenant/.test(String(error)),
    );
  }
  assert.ok(refused, "umbrella's rateLimit must refuse it");
  assert.match(text(await acmeClient.tools.search_notes({ query: "x" })), /No notes match/);

  for (const client of [acmeClient, globexClient, initechClient, umbrellaClient]) await client.close();
} finally {
  server.stop();
}

// stdio: the client is the local user; its tenant comes from the environment.
const stdio = await connectStdio(
  {
    command: process.execPath,
    args: ["--import", "tsx", "--conditions=turbomcp-source", entry, "--transport", "stdio"],
    cwd: root,
    env: { ...(env as Record<string, string>), TURBOMCP_TENANT: "globex", TURBOMCP_AUDIT_ENABLED: "false" },
    stderr: "inherit",
  },
  { name: "team-notes-check" },
);
try {
  assert.deepEqual(
    (await stdio.sdk.listPrompts()).prompts.map((prompt) => prompt.name),
    ["summarize_note"],
    "stdio runs in globex's policy",
  );
  await stdio.tools.create_note({ title: "From the terminal", body: "Local user, globex tenant." });
  assert.match(text(await stdio.tools.build_report({ ms: 0 })), /1 notes for globex/);
} finally {
  await stdio.close();
}
console.log("team-notes: all checks passed");
