/**
 * A real headless browser for tests: Debian's `chromium`, driven by puppeteer-core
 * (which never downloads a browser of its own). One browser per test file; each page
 * runs in its own browser context (fresh cookies and storage) and is closed after use.
 * Every step is bounded in time, so a hung browser fails its test instead of hanging
 * the suite. Tests that need the browser fail (never skip) when it is missing.
 *
 * @example
 * ```ts
 * let browser: TestBrowser;
 * beforeAll(async () => (browser = await launchBrowser()));
 * afterAll(() => browser.close());
 *
 * it("signs in", () =>
 *   browser.withPage(async (page) => {
 *     await page.goto(url);
 *     await assertRendered(page, { save: "sign-in" });
 *   }));
 * ```
 */
import { accessSync, constants, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import { launch, type Browser, type Page } from "puppeteer-core";
import { repoRoot } from "./scratch.js";

/** Where `/usr/bin/chromium` is looked for when `CHROMIUM_PATH` is not set. */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";
/** Where `assertRendered({ save })` and failed `withPage` calls leave their PNGs. */
export const SCREENSHOT_DIR = path.join(repoRoot, ".tmp", "screenshots");

const LAUNCH_TIMEOUT_MS = 20_000;
/** One DevTools call (a screenshot, an evaluate) never waits longer than this. */
const PROTOCOL_TIMEOUT_MS = 15_000;
/** Puppeteer's waits (selectors, navigations) inside a page. */
const PAGE_TIMEOUT_MS = 10_000;
/** A whole `withPage` call: below vitest's 30 s test timeout, so this error is the one reported. */
const WITH_PAGE_TIMEOUT_MS = 25_000;
const CLOSE_TIMEOUT_MS = 5_000;
const FAILURE_SCREENSHOT_TIMEOUT_MS = 3_000;

export interface LaunchBrowserOptions {
  /** The browser binary; default `$CHROMIUM_PATH`, else `/usr/bin/chromium`. */
  readonly executablePath?: string;
  /** The viewport of every page; default 800×600. */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** More command-line flags for chromium. */
  readonly args?: readonly string[];
}

export interface WithPageOptions {
  /** Bound on the whole callback; default 25 s. */
  readonly timeoutMs?: number;
  /** Names the screenshot saved under `.tmp/screenshots/` when the callback fails; default `page`. */
  readonly label?: string;
}

export interface TestBrowser {
  readonly browser: Browser;
  readonly executablePath: string;
  /** What chromium says it is, e.g. `Chrome/156.0.8078.129`. */
  readonly version: string;
  /**
   * Runs `fn` on a new page in a fresh browser context, then closes the context, even when
   * `fn` throws or runs out of time. On failure a screenshot of the page is saved first.
   */
  withPage<T>(fn: (page: Page) => Promise<T>, options?: WithPageOptions): Promise<T>;
  /** Closes the browser (killing it if it does not close in time); later calls do nothing. */
  close(): Promise<void>;
}

class MissingChromium extends Error {}

/** The chromium binary to launch: `$CHROMIUM_PATH`, else `/usr/bin/chromium`; throws an install hint if it is not there. */
export function chromiumPath(explicit?: string): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  const candidate = explicit ?? (fromEnv !== undefined && fromEnv !== "" ? fromEnv : DEFAULT_CHROMIUM_PATH);
  try {
    accessSync(candidate, constants.X_OK);
  } catch {
    throw new MissingChromium(
      `chromium was not found (tried "${candidate}"). These tests drive a real headless browser: install it ` +
        `(Debian/Ubuntu: apt-get update && apt-get install -y chromium), or point CHROMIUM_PATH at a Chromium or Chrome binary.`,
    );
  }
  return candidate;
}

/**
 * The flags for a headless chromium in a container or on CI, on top of puppeteer's defaults
 * (which already turn off background networking, sync, crash reports and extensions).
 */
export function chromiumArgs(extra: readonly string[] = []): string[] {
  const args = [
    // /dev/shm is small in containers; chromium then crashes on large pages (also a puppeteer default: kept whatever it does).
    "--disable-dev-shm-usage",
    // No GPU here; software rendering is enough for screenshots.
    "--disable-gpu",
    // Nothing outside this machine is reachable: no update checks.
    "--disable-component-update",
    "--no-default-browser-check",
    "--lang=en-US",
  ];
  // Chromium refuses to run as root with its sandbox on; as anyone else the sandbox stays.
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  return [...args, ...extra];
}

/** Every browser this process launched, killed on exit if a test forgot to close it. */
const live = new Set<Browser>();
process.once("exit", () => {
  for (const browser of live) browser.process()?.kill("SIGKILL");
});

/** `work`, or a rejection with `message` once `ms` have passed. */
function within<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function safeName(label: string): string {
  return label.replace(/[^\w.-]+/g, "-").slice(0, 80) || "page";
}

/** The page as it was when things went wrong, for a person to look at; best effort, bounded in time. */
async function saveFailureScreenshot(page: Page, label: string): Promise<void> {
  if (page.isClosed()) return;
  try {
    const png = await within(page.screenshot({ type: "png" }), FAILURE_SCREENSHOT_TIMEOUT_MS, "failure screenshot timed out");
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(path.join(SCREENSHOT_DIR, `${safeName(label)}-failed.png`), png);
  } catch {
    // The original failure is what matters.
  }
}

/** Launches headless chromium; call `close()` when done (afterAll). */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<TestBrowser> {
  const executablePath = chromiumPath(options.executablePath);
  const viewport = options.viewport ?? { width: 800, height: 600 };
  const browser = await launch({
    executablePath,
    headless: true,
    pipe: true,
    args: chromiumArgs(options.args),
    defaultViewport: { width: viewport.width, height: viewport.height },
    timeout: LAUNCH_TIMEOUT_MS,
    protocolTimeout: PROTOCOL_TIMEOUT_MS,
    // The test runner owns the process's signals.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  live.add(browser);
  let version: string;
  try {
    version = await browser.version();
  } catch (error) {
    browser.process()?.kill("SIGKILL");
    live.delete(browser);
    throw error;
  }

  let closed = false;
  return {
    browser,
    executablePath,
    version,
    async withPage<T>(fn: (page: Page) => Promise<T>, pageOptions: WithPageOptions = {}): Promise<T> {
      const timeoutMs = pageOptions.timeoutMs ?? WITH_PAGE_TIMEOUT_MS;
      const context = await browser.createBrowserContext();
      let page: Page | undefined;
      let failed = false;
      try {
        page = await context.newPage();
        page.setDefaultTimeout(PAGE_TIMEOUT_MS);
        page.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
        return await within(fn(page), timeoutMs, `the browser page did not finish within ${timeoutMs} ms`);
      } catch (error) {
        failed = true;
        if (page !== undefined) await saveFailureScreenshot(page, pageOptions.label ?? "page");
        throw error;
      } finally {
        // Closing the context also ends whatever `fn` still waits on after a time-out. A failure
        // to close is reported only when nothing failed before it.
        await within(context.close(), CLOSE_TIMEOUT_MS, "closing the browser context timed out").catch((error: unknown) => {
          if (!failed) throw error;
        });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await within(browser.close(), CLOSE_TIMEOUT_MS, "chromium did not close in time");
      } catch {
        browser.process()?.kill("SIGKILL");
      } finally {
        live.delete(browser);
      }
    },
  };
}

/** Launches a browser for `fn` alone and always closes it. */
export async function withBrowser<T>(fn: (browser: TestBrowser) => Promise<T>, options: LaunchBrowserOptions = {}): Promise<T> {
  const browser = await launchBrowser(options);
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/**
 * The text of the first element that matches `selector`. Tests compile without the DOM's
 * types (Node's lib only), so page functions spell out the little of the DOM they use.
 */
export async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element: { readonly textContent: string | null }) => element.textContent ?? "");
}

export interface ScreenshotStats {
  readonly width: number;
  readonly height: number;
  /** The most common colour, `#rrggbbaa`: the page's background. */
  readonly background: string;
  readonly distinctColours: number;
  /** Pixels whose colour differs from the background by more than the tolerance in some channel. */
  readonly nonBackground: number;
  readonly nonBackgroundFraction: number;
}

/** Decodes a PNG and measures how much of it is not background. */
export function screenshotStats(png: Uint8Array, tolerance = 8): ScreenshotStats {
  const image = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  const { width, height, data } = image;
  const pixels = width * height;
  const counts = new Map<number, number>();
  for (let i = 0; i < pixels * 4; i += 4) {
    const colour = ((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!) >>> 0;
    counts.set(colour, (counts.get(colour) ?? 0) + 1);
  }
  let background = 0;
  let most = -1;
  for (const [colour, count] of counts) {
    if (count > most) [background, most] = [colour, count];
  }
  const bg = [background >>> 24, (background >>> 16) & 0xff, (background >>> 8) & 0xff, background & 0xff];
  let nonBackground = 0;
  for (const [colour, count] of counts) {
    const channels = [colour >>> 24, (colour >>> 16) & 0xff, (colour >>> 8) & 0xff, colour & 0xff];
    if (channels.some((value, c) => Math.abs(value - bg[c]!) > tolerance)) nonBackground += count;
  }
  return {
    width,
    height,
    background: `#${background.toString(16).padStart(8, "0")}`,
    distinctColours: counts.size,
    nonBackground,
    nonBackgroundFraction: pixels === 0 ? 0 : nonBackground / pixels,
  };
}

export interface RenderCheck {
  /** At least this many distinct colours; default 3 (background, content, anti-aliasing). */
  readonly minColours?: number;
  /** At least this share of the pixels not background; default 0.01. */
  readonly minNonBackgroundFraction?: number;
  /** Saves the screenshot as `.tmp/screenshots/<save>.png`. */
  readonly save?: string;
  readonly fullPage?: boolean;
}

export interface RenderResult {
  readonly rendered: boolean;
  readonly stats: ScreenshotStats;
  /** Why the page counts as blank; undefined when it rendered. */
  readonly reason?: string;
  /** Where the screenshot was saved, when asked to. */
  readonly file?: string;
}

/** Screenshots the page and tells whether it shows something: enough colours and enough non-background pixels. */
export async function checkRendered(page: Page, check: RenderCheck = {}): Promise<RenderResult> {
  const png = await page.screenshot({ type: "png", fullPage: check.fullPage ?? false });
  let file: string | undefined;
  if (check.save !== undefined) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    file = path.join(SCREENSHOT_DIR, `${safeName(check.save)}.png`);
    writeFileSync(file, png);
  }
  const stats = screenshotStats(png);
  const minColours = check.minColours ?? 3;
  const minFraction = check.minNonBackgroundFraction ?? 0.01;
  const where = file === undefined ? "" : ` (screenshot: ${file})`;
  let reason: string | undefined;
  if (stats.distinctColours < minColours) {
    reason = `the page looks blank: ${stats.distinctColours} distinct colour(s), fewer than ${minColours}${where}`;
  } else if (stats.nonBackgroundFraction < minFraction) {
    const share = (stats.nonBackgroundFraction * 100).toFixed(2);
    reason = `the page looks blank: ${share}% of its pixels differ from the background ${stats.background}, less than ${minFraction * 100}%${where}`;
  }
  return { rendered: reason === undefined, stats, ...(reason === undefined ? {} : { reason }), ...(file === undefined ? {} : { file }) };
}

/** Like `checkRendered`, but throws when the page looks blank. */
export async function assertRendered(page: Page, check: RenderCheck = {}): Promise<ScreenshotStats> {
  const result = await checkRendered(page, check);
  if (result.reason !== undefined) throw new Error(result.reason);
  return result.stats;
}
