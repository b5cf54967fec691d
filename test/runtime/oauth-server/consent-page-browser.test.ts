/**
 * The built-in authorization server's consent page in a real headless chromium: what it
 * shows (the client's name as text, where the answer goes, the scopes, the development
 * sign-in warning), that its Content-Security-Policy holds (no script runs, its one style
 * sheet does), how it looks in light and dark, and the whole chain from the Approve click
 * through the redirect to a client's loopback server, the code's redemption and a tool
 * call. Then what an attacker's page on another origin cannot do: frame the page, or post
 * a decision for a sign-in it did not start.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame, HTTPResponse, Page, SerializedAXNode } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeHtml } from "../../../packages/runtime/src/oauth-server/pages.js";
import { assertRendered, launchBrowser, textOf, type TestBrowser } from "../../helpers/browser.js";
import { authorizationUrl, callTool, pkce, register, startBuiltIn, tokenRequest, type RunningServer } from "./kit.js";

/**
 * The little of the DOM the page functions use: tests compile without the DOM's types.
 * Page functions run in the browser, so each one reaches `globalThis` itself.
 */
interface DomElement {
  readonly tagName: string;
  readonly id: string;
  readonly textContent: string | null;
  readonly labels?: readonly DomElement[] | null;
  getAttribute(name: string): string | null;
}
interface DomWindow {
  readonly document: {
    readonly activeElement: DomElement | null;
    readonly documentElement: DomElement;
    readonly head: { appendChild(node: unknown): unknown };
    createElement(tag: string): { textContent: string };
  };
  getComputedStyle(element: unknown): { readonly backgroundColor: string; readonly outlineStyle: string; readonly outlineWidth: string };
  /** Set by the script the CSP test tries to run. */
  ranInjected?: boolean;
}

/** A plain loopback HTTP server that records what it is asked and answers with `handle`. */
interface Loopback {
  readonly origin: string;
  readonly port: number;
  readonly received: URL[];
  close(): Promise<void>;
}

async function loopback(handle: (url: URL, response: ServerResponse) => void): Promise<Loopback> {
  const received: URL[] = [];
  let origin = "";
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", origin);
    received.push(url);
    handle(url, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function html(response: ServerResponse, body: string): void {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><html lang="en"><meta charset="utf-8">${body}</html>`);
}

const CLIENT_NAME = "Inspector <b>bold</b>";
const SCOPES = "mcp:read mcp:write";

let browser: TestBrowser;
let server: RunningServer;
/** The client's redirect target: it sees the code, state and iss the browser brings. */
let client: Loopback;
/** Another site (opened as `localhost`, not `127.0.0.1`): framing and forged forms. */
let attacker: Loopback;
let clientId: string;
let redirectUri: string;
/** What the attacker's pages frame or post to, set by each test before it opens them. */
let framed = "";
let forged: { action: string; fields: Record<string, string> } = { action: "", fields: {} };

beforeAll(async () => {
  [browser, server, client] = await Promise.all([
    launchBrowser(),
    startBuiltIn(),
    loopback((url, response) => {
      if (url.pathname === "/frameable") return html(response, `<title>Frameable</title><p id="content">frameable content</p>`);
      html(response, `<title>Callback</title><p id="received">received ${url.search.length > 0 ? "an answer" : "nothing"}</p>`);
    }),
  ]);
  attacker = await loopback((url, response) => {
    if (url.pathname === "/frame") {
      return html(
        response,
        `<title>Win a prize</title><iframe name="consent" src="${escapeHtml(framed)}" width="600" height="400"></iframe>` +
          `<iframe name="control" src="${client.origin}/frameable" width="300" height="100"></iframe>`,
      );
    }
    if (url.pathname === "/forge") {
      const fields = Object.entries(forged.fields)
        .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
        .join("");
      return html(
        response,
        `<title>Win a prize</title><form method="post" action="${escapeHtml(forged.action)}">${fields}</form><script>document.forms[0].submit()</script>`,
      );
    }
    response.writeHead(404).end();
  });
  redirectUri = `${client.origin}/callback`;
  const registered = await register(server.base, { client_name: CLIENT_NAME, redirect_uris: [redirectUri], token_endpoint_auth_method: "none" });
  clientId = registered.client_id as string;
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.close(), client?.close(), attacker?.close()]);
});

/** A fresh authorization request: PKCE S256, a state of its own, the MCP endpoint as resource. */
function request(state: string): { url: string; verifier: string } {
  const { verifier, challenge } = pkce();
  const url = authorizationUrl(server.base, {
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: SCOPES,
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
    resource: server.resource,
  });
  return { url, verifier };
}

/** Opens the consent page; fails unless it answered 200. */
async function openConsent(page: Page, url: string): Promise<HTTPResponse> {
  const response = await page.goto(url);
  if (response === null) throw new Error("no response for the authorization URL");
  expect(response.status()).toBe(200);
  return response;
}

/** The callbacks that reached the client with this state. */
function callbacks(state: string): URL[] {
  return client.received.filter((url) => url.pathname === "/callback" && url.searchParams.get("state") === state);
}

/** An attribute of the first element that matches `selector`; "" when it has none. */
function attributeOf(page: Page, selector: string, name: string): Promise<string> {
  return page.$eval(selector, (element: DomElement, attribute: string) => element.getAttribute(attribute) ?? "", name);
}

/** Every node of the accessibility tree chromium computed, depth first. */
function axNodes(node: SerializedAXNode | null): SerializedAXNode[] {
  return node === null ? [] : [node, ...(node.children ?? []).flatMap(axNodes)];
}

/** The page's computed style of one element. */
async function styleOf(page: Page, selector: string): Promise<{ backgroundColor: string; outlineStyle: string; outlineWidth: string }> {
  return page.$eval(selector, (element) => {
    const { backgroundColor, outlineStyle, outlineWidth } = (globalThis as unknown as DomWindow).getComputedStyle(element);
    return { backgroundColor, outlineStyle, outlineWidth };
  });
}

describe("the consent page in a browser", () => {
  it("shows the client's name as text, where the answer goes, the scopes and the development warning", async () => {
    await browser.withPage(
      async (page) => {
        const response = await openConsent(page, request("show").url);
        expect(await page.title()).toBe(`Authorize ${CLIENT_NAME}`);
        expect(await textOf(page, "h1")).toBe(`Authorize ${CLIENT_NAME}`);
        // The markup in the name stayed text: no element was made of it.
        expect(await page.$$("b")).toHaveLength(0);
        const body = await textOf(page, "main");
        expect(body).toContain(`${CLIENT_NAME} wants to use oauth2-fixture on your behalf.`);
        expect(body).toContain(`your answer goes to ${new URL(redirectUri).host}`);
        expect(await page.$$eval("li code", (items: DomElement[]) => items.map((item) => item.textContent))).toEqual(["mcp:read", "mcp:write"]);
        expect(await textOf(page, ".warn[role=note]")).toMatch(/^Development sign-in\. .*local test login/);

        const csp = response.headers()["content-security-policy"] ?? "";
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain("script-src");
        expect(response.headers()["x-frame-options"]).toBe("DENY");
        expect(await page.$$("script")).toHaveLength(0);
      },
      { label: "consent-page-content" },
    );
  });

  it("runs no script, and applies its inline style sheet (its hash is in the CSP)", async () => {
    await browser.withPage(
      async (page) => {
        const violations: string[] = [];
        page.on("console", (message) => {
          if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
        });
        await openConsent(page, request("csp").url);
        // The style sheet applied: the Approve button has the accent colour, not the browser's grey.
        expect((await styleOf(page, "button.primary")).backgroundColor).toBe("rgb(11, 92, 173)");
        expect(violations).toEqual([]);

        // A script the page itself adds is refused by the policy.
        await page.evaluate(() => {
          const { document } = globalThis as unknown as DomWindow;
          const script = document.createElement("script");
          script.textContent = "window.ranInjected = true";
          document.head.appendChild(script);
        });
        expect(await page.evaluate(() => (globalThis as unknown as DomWindow).ranInjected ?? false)).toBe(false);
        expect(violations.some((text) => text.includes("script"))).toBe(true);
      },
      { label: "consent-page-csp" },
    );
  });

  it("renders in light and in dark mode", async () => {
    await browser.withPage(
      async (page) => {
        await openConsent(page, request("light").url);
        const light = await assertRendered(page, { save: "consent-page", fullPage: true });
        expect(light.distinctColours).toBeGreaterThan(20);

        await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
        await openConsent(page, request("dark").url);
        const dark = await assertRendered(page, { save: "consent-page-dark", fullPage: true });
        expect(dark.distinctColours).toBeGreaterThan(20);
        expect(dark.background).not.toBe(light.background);
        expect((await styleOf(page, "body")).backgroundColor).toBe("rgb(13, 17, 23)");
      },
      { label: "consent-page-render" },
    );
  });

  it("is accessible: a language, one heading, a labelled and described input, buttons reached with Tab and a visible focus ring", async () => {
    await browser.withPage(
      async (page) => {
        await openConsent(page, request("a11y").url);
        expect(await attributeOf(page, "html", "lang")).toBe("en");
        expect(await page.$$("h1")).toHaveLength(1);
        const labels = await page.$eval("#username", (input) => [...((input as unknown as DomElement).labels ?? [])].map((label) => label.textContent));
        expect(labels).toEqual(["Sign in as"]);
        // What assistive technology is told, as chromium computed it.
        const tree = axNodes(await page.accessibility.snapshot());
        expect(tree.filter((node) => node.role === "heading")).toEqual([expect.objectContaining({ level: 1, name: `Authorize ${CLIENT_NAME}` })]);
        expect(tree.find((node) => node.role === "textbox")).toMatchObject({
          name: "Sign in as",
          description: "Any name of letters, digits and . _ @ + -",
          required: true,
        });
        expect(tree.filter((node) => node.role === "button").map((node) => node.name)).toEqual(["Deny", "Approve"]);

        const focused = () =>
          page.evaluate(() => {
            const active = (globalThis as unknown as DomWindow).document.activeElement;
            return active === null ? "" : `${active.tagName.toLowerCase()}${active.id === "" ? "" : `#${active.id}`} ${active.textContent ?? ""}`.trim();
          });
        // autofocus puts the caret in the name field.
        expect(await focused()).toBe("input#username");
        await page.keyboard.press("Tab");
        expect(await focused()).toBe("button Deny");
        await page.keyboard.press("Tab");
        expect(await focused()).toBe("button Approve");
        const ring = await page.evaluate(() => {
          const win = globalThis as unknown as DomWindow;
          const { outlineStyle, outlineWidth } = win.getComputedStyle(win.document.activeElement);
          return { outlineStyle, outlineWidth };
        });
        expect(ring).toEqual({ outlineStyle: "solid", outlineWidth: "3px" });
      },
      { label: "consent-page-a11y" },
    );
  });
});

describe("the decision, followed by the browser", () => {
  it("approves: the code, state and iss reach the client's server, the code redeems and the token calls a tool", async () => {
    const { url, verifier } = request("approve-1");
    await browser.withPage(
      async (page) => {
        await openConsent(page, url);
        await page.type("#username", "alice");
        await Promise.all([page.waitForNavigation(), page.click("button[value=approve]")]);
        expect(page.url().startsWith(`${redirectUri}?`)).toBe(true);
        expect(await textOf(page, "#received")).toBe("received an answer");
      },
      { label: "consent-page-approve" },
    );
    const [arrived, ...more] = callbacks("approve-1");
    expect(more).toHaveLength(0);
    expect(arrived?.searchParams.get("iss")).toBe(server.base);
    const code = arrived?.searchParams.get("code") ?? "";
    expect(code).not.toBe("");

    const token = await tokenRequest(server.base, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: clientId,
      resource: server.resource,
    });
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: "Bearer", scope: SCOPES });
    const call = await callTool(server.resource, token.body.access_token as string);
    expect(call.status).toBe(200);
    expect(JSON.stringify(call.body)).toContain("oauth2:alice");
  });

  it("denies: access_denied and the state reach the client's server, and no code", async () => {
    await browser.withPage(
      async (page) => {
        await openConsent(page, request("deny-1").url);
        await Promise.all([page.waitForNavigation(), page.click("button[value=deny]")]);
        expect(page.url().startsWith(`${redirectUri}?`)).toBe(true);
      },
      { label: "consent-page-deny" },
    );
    const [arrived, ...more] = callbacks("deny-1");
    expect(more).toHaveLength(0);
    expect(arrived?.searchParams.get("error")).toBe("access_denied");
    expect(arrived?.searchParams.get("iss")).toBe(server.base);
    expect(arrived?.searchParams.has("code")).toBe(false);
  });
});

describe("another site's pages", () => {
  /** The attacker's site: `localhost`, a different site from the server's `127.0.0.1`. */
  const attackerPage = (path: string) => `http://localhost:${attacker.port}${path}`;

  it("cannot frame the consent page: the frame stays empty, while a frameable page beside it renders", async () => {
    framed = request("framed").url;
    await browser.withPage(
      async (page) => {
        const answers: HTTPResponse[] = [];
        page.on("response", (answer) => {
          if (answer.url() === framed) answers.push(answer);
        });
        await page.goto(attackerPage("/frame"));
        const frame = (name: string): Frame => {
          const found = page.frames().find((candidate) => candidate.name() === name);
          if (found === undefined) throw new Error(`no frame named ${name}`);
          return found;
        };
        // Framing itself works on this page: the control frame shows its content.
        expect(await frame("control").$eval("#content", (element: DomElement) => element.textContent)).toBe("frameable content");
        // The consent page was fetched, and the browser refused to show it in the frame.
        expect(answers).toHaveLength(1);
        const consent = frame("consent");
        expect(await consent.$eval("html", (element: DomElement) => element.textContent ?? "")).not.toContain("Authorize");
        expect(await consent.$("form")).toBeNull();
        expect(consent.url()).not.toBe(framed);
        expect(answers[0]?.headers()["x-frame-options"]).toBe("DENY");
        await assertRendered(page, { save: "consent-page-framed" });
      },
      { label: "consent-page-framed" },
    );
    expect(client.received.some((url) => url.searchParams.get("state") === "framed")).toBe(false);
  });

  it("cannot post a decision: a guessed request, an old one, or a live one without its token is refused, and no code is sent", async () => {
    await browser.withPage(
      async (victim) => {
        // An old sign-in of this browser, finished: its request id and CSRF token, as its page had them.
        await openConsent(victim, request("old").url);
        // Where the page's form posts: the decision endpoint.
        const action = new URL(await attributeOf(victim, "form", "action"), victim.url()).href;
        const old = {
          request: await attributeOf(victim, "input[name=request]", "value"),
          csrf: await attributeOf(victim, "input[name=csrf]", "value"),
        };
        await victim.type("#username", "alice");
        await Promise.all([victim.waitForNavigation(), victim.click("button[value=approve]")]);
        expect(callbacks("old")).toHaveLength(1);

        // A live sign-in: its page is open in another tab of the same browser (the cookie is there).
        await openConsent(victim, request("live").url);
        const live = await attributeOf(victim, "input[name=request]", "value");

        const tab = await victim.browserContext().newPage();
        const attempts: Record<string, Record<string, string>> = {
          guessed: { request: "A".repeat(43), csrf: "B".repeat(43), decision: "approve", username: "mallory" },
          old: { ...old, decision: "approve", username: "mallory" },
          live: { request: live, csrf: "guessed", decision: "approve", username: "mallory" },
        };
        for (const [name, fields] of Object.entries(attempts)) {
          forged = { action, fields };
          const decided = tab.waitForResponse((answer) => answer.url() === action && answer.request().method() === "POST");
          await tab.goto(attackerPage("/forge"));
          const answer = await decided;
          expect({ name, status: answer.status(), location: answer.headers().location }).toEqual({ name, status: 403, location: undefined });
          await tab.waitForSelector("h1");
          expect(await textOf(tab, "h1")).toBe("Authorization failed");
          expect(await textOf(tab, "main")).toContain("access_denied");
        }
        await tab.close();

        // The forged posts left the live sign-in alone: its own page still approves.
        await victim.type("#username", "bob");
        await Promise.all([victim.waitForNavigation(), victim.click("button[value=approve]")]);
      },
      { label: "consent-page-csrf" },
    );
    expect(callbacks("old")).toHaveLength(1);
    const [live, ...more] = callbacks("live");
    expect(more).toHaveLength(0);
    expect(live?.searchParams.has("code")).toBe(true);
    expect(client.received.filter((url) => url.pathname === "/callback" && url.searchParams.get("state") === null)).toHaveLength(0);
  });
});
