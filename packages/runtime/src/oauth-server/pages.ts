/**
 * The two pages the authorization server shows a person: the consent page (who is
 * asking, where the answer goes, which scopes) and the error page for a request that
 * cannot be sent back to its client. Plain server-rendered HTML with one inline style
 * sheet: no script, so nothing on the page can be made to run; the style's hash goes
 * into the page's Content-Security-Policy.
 */
import { createHash } from "node:crypto";

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#f6f8fa;--card:#fff;--line:#d0d7de;--field:#6e7781;--accent:#0b5cad;--accent-fg:#fff;--warn:#7d4e00;--warn-bg:#fff8c5}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#161b22;--line:#30363d;--field:#6e7681;--accent:#4493f8;--accent-fg:#0d1117;--warn:#e3b341;--warn-bg:#272115}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;padding:1rem}
main{width:100%;max-width:28rem;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:2rem;box-shadow:0 8px 24px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin:0 0 .75rem}
p{margin:.5rem 0}
.muted{color:var(--muted);font-size:.9rem}
ul{padding-left:1.25rem;margin:.5rem 0 1rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;overflow-wrap:anywhere}
.warn{background:var(--warn-bg);color:var(--warn);border-radius:8px;padding:.75rem;font-size:.9rem;margin:1rem 0}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
.hint{margin:0 0 .35rem}
.hint code{white-space:nowrap}
input[type=text]{width:100%;padding:.6rem .75rem;border:1px solid var(--field);border-radius:8px;font:inherit;background:var(--bg);color:var(--fg)}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}
button{flex:1;padding:.65rem 1rem;border-radius:8px;font:inherit;font-weight:600;cursor:pointer;border:1px solid var(--field);background:var(--card);color:var(--fg)}
button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-fg)}
button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
`;

const STYLE_HASH = `sha256-${createHash("sha256").update(STYLE).digest("base64")}`;

/**
 * The page's own policy: nothing but its style sheet loads, no frame may hold it
 * (clickjacking a consent button), and forms post only here. `form-action` also
 * governs the redirect that follows the post, so the client's redirect URI is allowed
 * as a target too.
 */
export function pageSecurityPolicy(formTargets: readonly string[] = []): string {
  const targets = ["'self'", ...formTargets].join(" ");
  return `default-src 'none'; style-src '${STYLE_HASH}'; form-action ${targets}; frame-ancestors 'none'; base-uri 'none'`;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text and attribute values, escaped: every value on these pages comes from someone else. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] as string);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface ConsentPageOptions {
  /** Where the form posts. */
  readonly action: string;
  readonly requestId: string;
  readonly csrf: string;
  readonly clientName: string | undefined;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly serverName: string;
  /** Who signed in upstream; absent with the local test login, which asks for a name instead. */
  readonly signedInAs?: string;
}

export function consentPage(options: ConsentPageOptions): string {
  const client = options.clientName ?? "An application";
  const redirect = new URL(options.redirectUri);
  const destination = redirect.host === "" ? redirect.protocol : redirect.host;
  const scopes =
    options.scopes.length === 0
      ? "<p>It asks for no scopes: it can use only what any signed-in user can.</p>"
      : `<p>It asks for these scopes:</p>\n<ul>${options.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join("")}</ul>`;
  const who =
    options.signedInAs === undefined
      ? `<div class="warn" role="note"><strong>Development sign-in.</strong> This server uses the local test login: anyone who can reach it on this machine can sign in as anyone. It is refused off loopback.</div>
<label for="username">Sign in as</label>
<p class="muted hint" id="username-hint">Any name of letters, digits and <code>. _ @ + -</code></p>
<input type="text" id="username" name="username" required maxlength="128" pattern="[A-Za-z0-9._@+-]+" title="Letters, digits and . _ @ + -" aria-describedby="username-hint" autocomplete="username" autofocus>`
      : `<p class="muted">Signed in as <strong>${escapeHtml(options.signedInAs)}</strong>.</p>`;
  return page(
    `Authorize ${client}`,
    `<h1>Authorize ${escapeHtml(client)}</h1>
<p><strong>${escapeHtml(client)}</strong> wants to use <strong>${escapeHtml(options.serverName)}</strong> on your behalf.</p>
<p class="muted">Client <code>${escapeHtml(options.clientId)}</code>; your answer goes to <code>${escapeHtml(destination)}</code>.</p>
${scopes}
<form method="post" action="${escapeHtml(options.action)}">
<input type="hidden" name="request" value="${escapeHtml(options.requestId)}">
<input type="hidden" name="csrf" value="${escapeHtml(options.csrf)}">
${who}
<div class="actions">
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
<button type="submit" name="decision" value="approve" class="primary">Approve</button>
</div>
</form>`,
  );
}

export function errorPage(error: string, description: string): string {
  return page(
    "Authorization failed",
    `<h1>Authorization failed</h1>
<p>${escapeHtml(description)}</p>
<p class="muted">Error <code>${escapeHtml(error)}</code>. Return to the application and try again.</p>`,
  );
}
