/**
 * The headless browser harness itself: chromium fills in and posts a form served over real
 * HTTP and follows the redirect; a styled page renders and a blank one is caught as blank;
 * pages are closed after failures and time-outs; a missing browser fails with an install hint.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { existsSync } from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertRendered, checkRendered, launchBrowser, SCREENSHOT_DIR, textOf, type TestBrowser } from "../../helpers/browser.js";

interface Received {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

const FORM = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body>
  <form method="post" action="/submit">
    <label>Login <input id="login" name="login" autocomplete="off"></label>
    <input type="hidden" name="state" value="x&amp;y ü=1">
    <button type="submit">Continue</button>
  </form>
</body></html>`;

const STYLED = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Styled</title>
<style>
  body { margin: 0; font: 24px sans-serif; background: #f4f6fb; }
  header { background: linear-gradient(90deg, #1e3a8a, #0ea5e9); color: white; padding: 40px; }
  .card { margin: 40px; padding: 32px; background: white; border: 4px solid #f97316; border-radius: 12px; }
</style></head>
<body><header><h1>turbomcp</h1></header><div class="card">Signed in as <b>alice</b></div></body></html>`;

const BLANK = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head><body></body></html>`;

let browser: TestBrowser;
let server: Server;
let base: string;
const received: Received[] = [];

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

beforeAll(async () => {
  server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const url = new URL(request.url ?? "/", base);
      received.push({ method: request.method ?? "", path: url.pathname, contentType: request.headers["content-type"], body });
      const html = (page: string): void => {
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
      };
      if (request.method === "GET" && url.pathname === "/form") return html(FORM);
      if (request.method === "POST" && url.pathname === "/submit") {
        const login = new URLSearchParams(body).get("login") ?? "";
        response.writeHead(303, { location: `/done?login=${encodeURIComponent(login)}` }).end();
        return;
      }
      if (request.method === "GET" && url.pathname === "/done")
        return html(`<!doctype html><title>Done</title><p id="who">${url.searchParams.get("login")}</p>`);
      if (request.method === "GET" && url.pathname === "/styled") return html(STYLED);
      if (request.method === "GET" && url.pathname === "/blank") return html(BLANK);
      response.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe("headless chromium test harness", () => {
  it("is a real chromium", () => {
    expect(browser.version).toMatch(/^(Headless)?Chrome\/\d+\./);
  });

  it("fills in a form, posts it url-encoded over HTTP and follows the redirect", async () => {
    await browser.withPage(
      async (page) => {
        await page.goto(`${base}/form`);
        await page.type("#login", "alice@example.com");
        await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
        expect(page.url()).toBe(`${base}/done?login=alice%40example.com`);
        expect(await textOf(page, "#who")).toBe("alice@example.com");
      },
      { label: "browser-harness-form" },
    );
    const posted = received.find((request) => request.method === "POST");
    expect(posted).toMatchObject({ path: "/submit", contentType: "application/x-www-form-urlencoded" });
    expect(Object.fromEntries(new URLSearchParams(posted?.body))).toEqual({ login: "alice@example.com", state: "x&y ü=1" });
    expect(received.map((request) => `${request.method} ${request.path}`)).toEqual(expect.arrayContaining(["GET /form", "POST /submit", "GET /done"]));
  });

  it("sees that a styled page renders, and saves its screenshot", async () => {
    await browser.withPage(async (page) => {
      await page.goto(`${base}/styled`);
      const stats = await assertRendered(page, { save: "browser-harness-styled" });
      expect(stats).toMatchObject({ width: 800, height: 600 });
      expect(stats.distinctColours).toBeGreaterThan(20);
      expect(stats.nonBackgroundFraction).toBeGreaterThan(0.2);
    });
    expect(existsSync(path.join(SCREENSHOT_DIR, "browser-harness-styled.png"))).toBe(true);
  });

  it("catches a blank white page as blank", async () => {
    await browser.withPage(async (page) => {
      await page.goto(`${base}/blank`);
      const result = await checkRendered(page);
      expect(result.rendered).toBe(false);
      expect(result.stats).toMatchObject({ background: "#ffffffff", distinctColours: 1, nonBackground: 0 });
      await expect(assertRendered(page)).rejects.toThrow(/looks blank/);
    });
  });

  it("closes the page's context after a failure and after a time-out", async () => {
    const contexts = browser.browser.browserContexts().length;
    await expect(
      browser.withPage(async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(browser.withPage(() => new Promise<never>(() => undefined), { timeoutMs: 300 })).rejects.toThrow(/did not finish within 300 ms/);
    expect(browser.browser.browserContexts()).toHaveLength(contexts);
  });

  it("fails (never skips) with an install hint when chromium is missing", async () => {
    await expect(launchBrowser({ executablePath: "/nonexistent/chromium" })).rejects.toThrow(/apt-get install -y chromium/);
  });
});
