/** Chromium under playwright-core, and the checks every screen of the admin page must pass. */
import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const SCREENSHOTS = new URL("../../test-results/screenshots/", import.meta.url).pathname;
export const VIEWPORT = { width: 1280, height: 800 };

/**
 * Debian's Chromium, headless. Without the background-networking flags Chromium keeps dialling
 * Google services, which this sandbox's closed network refuses, and those failures are noise.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far, in order. */
  problems: string[];
}

/** A 1280×800 page that records every console error and uncaught exception. */
export async function openPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  return { page, problems };
}

/** Saves a screenshot of the viewport as test-results/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}${name}.png`;
  await page.screenshot({ path });
  return path;
}

/**
 * Visible form controls and buttons that have no accessible name: no <label>, aria-label,
 * aria-labelledby or title (a placeholder is not a label), or for buttons no text either.
 * Returns a short description of each offender.
 */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const text = (el: Element | null) => (el?.textContent ?? "").trim();
    const out: string[] = [];
    // Array.from: NodeList iteration needs the DOM.Iterable lib, which the e2e config lacks.
    const controls = Array.from(
      document.querySelectorAll<HTMLElement>("input, select, textarea, button"),
    );
    for (const el of controls) {
      if (el instanceof HTMLInputElement && el.type === "hidden") continue;
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const byIds = (el.getAttribute("aria-labelledby") ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((id: string) => text(document.getElementById(id)))
        .join(" ");
      const labelled =
        el instanceof HTMLInputElement ||
        el instanceof HTMLSelectElement ||
        el instanceof HTMLTextAreaElement ||
        el instanceof HTMLButtonElement
          ? el.labels
          : null;
      const labels = labelled ? Array.from(labelled).map(text).join(" ") : "";
      const own = el instanceof HTMLButtonElement ? text(el) : "";
      const name = [el.getAttribute("aria-label"), byIds, labels, el.title, own]
        .map((s) => (s ?? "").trim())
        .find(Boolean);
      if (!name) {
        const id = el.dataset.testid ?? el.getAttribute("name") ?? el.id;
        out.push(`<${el.tagName.toLowerCase()}> ${id || el.outerHTML.slice(0, 80)}`);
      }
    }
    return out;
  });
}

/** How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return Math.max(0, root.scrollWidth - root.clientWidth);
  });
}

/**
 * Presses Tab until the control with `testid` has focus: proves it can be reached by keyboard.
 * Throws after `max` presses.
 */
export async function tabTo(page: Page, testid: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    const focused = await page.evaluate(
      () => (document.activeElement as HTMLElement | null)?.dataset.testid ?? "",
    );
    if (focused === testid) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${testid} was not reached with ${max} presses of Tab`);
}

/** The test id of the focused element, or its tag name when it has none. */
export async function focusedTestId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.dataset.testid ?? el?.tagName.toLowerCase() ?? "";
  });
}
