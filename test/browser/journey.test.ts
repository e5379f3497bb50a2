// The whole admin-page journey in Chromium against the real Worker (`wrangler dev`), a real
// OAuth server and a callout receiver: sign up, endpoint, API connection, rule with an async
// callout, live inspector. Steps share one page and run in order; after a failed step the rest
// are skipped, since each needs what the one before built.
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  type ExpectStatic,
  it,
} from "vitest";
import { startOAuthServer, startReceiver, startWorker } from "../../scripts/lib/processes.mjs";
import { until } from "../e2e/support";
import {
  focusedTestId,
  horizontalOverflow,
  launchChromium,
  openPage,
  screenshot,
  tabTo,
  unlabelledControls,
} from "./support";

type Worker = Awaited<ReturnType<typeof startWorker>>;
type OAuth = Awaited<ReturnType<typeof startOAuthServer>>;
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const DOCS_SCREENSHOT = new URL("../../docs/admin.png", import.meta.url).pathname;
const endpointName = `shop-${Math.random().toString(36).slice(2, 8)}`;
const connectionName = "Shop IdP";

describe.sequential("admin page journey", () => {
  let worker: Worker | undefined;
  let oauth: OAuth | undefined;
  let receiver: Receiver | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: string[] = [];
  let broken = false;

  beforeAll(async () => {
    // Started one by one so that a failure leaves only started processes for afterAll.
    oauth = await startOAuthServer({ clientId: "shop-client", clientSecret: "shop:s3cret+%" });
    receiver = await startReceiver();
    worker = await startWorker();
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await worker?.stop();
    await receiver?.stop();
    await oauth?.stop();
  });

  beforeEach((ctx) => {
    if (broken) ctx.skip();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail") {
      broken = true;
      await screenshot(page, `failed-${ctx.task.name.replace(/\W+/g, "-")}`).catch(() => {});
    }
  });

  /** The checks every screen passes: labels, width at 1280×800, no console errors. */
  async function checkScreen(name: string, expect: ExpectStatic): Promise<string> {
    const path = await screenshot(page, name);
    expect(await unlabelledControls(page), `unlabelled controls on ${name}`).toEqual([]);
    expect(await horizontalOverflow(page), `sideways scrolling on ${name}`).toBe(0);
    expect(problems, `console errors by ${name}`).toEqual([]);
    return path;
  }

  // Only what the user can see: the editor keeps hidden alternatives (weighted responses).
  const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`).filter({ visible: true });

  it("signs up with the keyboard alone and lands on the endpoints page", async ({ expect }) => {
    if (!worker) throw new Error("worker did not start");
    await page.goto(`${worker.url}/admin/`);
    await byTestId("signin-screen").waitFor();
    await checkScreen("01-sign-in", expect);

    await tabTo(page, "signup-name");
    await page.keyboard.type("Shop team");
    await page.keyboard.press("Enter");
    await byTestId("signup-key").waitFor();
    const key = (await byTestId("signup-key").locator("code").textContent()) ?? "";
    expect(key.length).toBeGreaterThan(20);
    await checkScreen("02-api-key-shown-once", expect);

    // The continue button has focus, so Enter moves on.
    expect(await focusedTestId(page)).toBe("signup-continue");
    await page.keyboard.press("Enter");
    await byTestId("endpoints-screen").waitFor();
    await page.getByText("No endpoints yet").waitFor();
    await expect.poll(() => byTestId("account-name").textContent()).toBe("Shop team");
  });

  it("creates an endpoint with the keyboard and opens it", async ({ expect }) => {
    await tabTo(page, "endpoint-name");
    await page.keyboard.type(endpointName);
    await page.keyboard.press("Enter");
    await page.locator(`[data-testid="endpoint-screen"][data-name="${endpointName}"]`).waitFor();
    await byTestId("tab-rules").getByText("No rules yet").waitFor();
    // Focus moves to the new page's heading, so keyboard users continue from the top.
    expect(await focusedTestId(page)).toBe("h1");
    await page.locator(".url-list code").first().waitFor();
    const urls = await page.locator(".url-list code").allTextContents();
    expect(urls.some((u) => u.endsWith(`/e/${endpointName}`))).toBe(true);
    await checkScreen("03-endpoint-empty", expect);
  });

  it("creates an API connection shared with the endpoint and shows the passing token test", async ({
    expect,
  }) => {
    if (!oauth) throw new Error("OAuth server did not start");
    await byTestId("nav-connections").click();
    await byTestId("connections-screen").waitFor();
    await byTestId("connection-new").click();
    await byTestId("connection-form").waitFor();

    // Filled through their labels, which proves each label points at its control.
    await page.getByLabel("Display Name").fill(connectionName);
    await page.getByLabel("OAuth Token URL").fill(oauth.tokenUrl);
    await page.getByLabel("Client ID").fill(oauth.clientId);
    await page.getByLabel("Client Secret").fill(oauth.clientSecret);
    await page.getByLabel(endpointName).check();
    await byTestId("conn-params-add").click();
    await page.getByLabel("Parameter 1 Key").fill("scope");
    await page.getByLabel("Parameter 1 Value").fill("orders:write");
    await checkScreen("04-connection-form", expect);

    await byTestId("connection-save").click();
    const result = byTestId("connection-test-result").locator('[data-testid="test-result"]');
    await result.waitFor();
    expect(await result.getAttribute("data-ok")).toBe("true");
    expect(await result.textContent()).toContain("Token request succeeded");
    expect(page.url()).toMatch(/#\/connections\/[^/]+$/);
    expect(oauth.grants()).toBeGreaterThanOrEqual(1);
    // The secret is never sent back to the page.
    expect(await byTestId("conn-client-secret").inputValue()).toBe("");
    expect(await byTestId("conn-has-secret").getAttribute("data-has-secret")).toBe("true");
    await checkScreen("05-connection-token-test-passed", expect);
  });

  it("shows why the token test fails for a connection with a wrong secret", async ({ expect }) => {
    if (!oauth) throw new Error("OAuth server did not start");
    await page.goto(page.url().replace(/#.*$/, "#/connections/new"));
    await byTestId("connection-form").waitFor();
    await byTestId("conn-display-name").fill("Wrong secret");
    await byTestId("conn-token-url").fill(oauth.tokenUrl);
    await byTestId("conn-client-id").fill(oauth.clientId);
    await byTestId("conn-client-secret").fill("not-the-secret");
    await byTestId("connection-save").click();
    const result = byTestId("connection-test-result").locator('[data-testid="test-result"]');
    await result.waitFor();
    expect(await result.getAttribute("data-ok")).toBe("false");
    const text = (await result.textContent()) ?? "";
    expect(text).toContain("Token request failed");
    expect(text).toMatch(/invalid_client/);
    expect(text).toContain("401");
    await checkScreen("06-connection-token-test-failed", expect);

    await byTestId("nav-connections").click();
    await expect.poll(() => byTestId("connection-item").count()).toBe(2);
    await checkScreen("07-connections", expect);
  });

  it("creates an async callout rule that uses the connection", async ({ expect }) => {
    if (!receiver) throw new Error("receiver did not start");
    await page.goto(page.url().replace(/#.*$/, `#/endpoints/${endpointName}/rules/new`));
    await byTestId("rule-form").waitFor();
    await byTestId("rule-description").fill("New order: answer 201, then notify the warehouse");
    await byTestId("match-method").selectOption("POST");
    await byTestId("match-path-op").selectOption("template");
    await byTestId("match-path-value").fill("/orders/:id");
    await byTestId("response-status").fill("201");
    await byTestId("response-body").fill(`{"order":"{{pathParam 'id'}}","state":"accepted"}`);
    await byTestId("callout-enabled").check();
    await byTestId("callout-mode").selectOption("async");
    await byTestId("callout-method").selectOption("POST");
    await byTestId("callout-url").fill(`${receiver.url}/hook`);
    await byTestId("callout-body").fill(`{"order":"{{pathParam 'id'}}","sku":"{{body 'sku'}}"}`);
    // Only connections shared with this endpoint are offered: not "Wrong secret".
    const auth = page.getByLabel("Authentication Method");
    await auth.selectOption({ label: connectionName });
    expect(await auth.locator("option").allTextContents()).toEqual(["None", connectionName]);
    await checkScreen("08-rule-editor", expect);

    await byTestId("rule-save").click();
    const item = byTestId("rule-item");
    await item.waitFor();
    expect(await item.textContent()).toContain(`then calls POST ${receiver.url}/hook`);
    await checkScreen("09-rules", expect);
  });

  it("shows a mock request live and its delivered callout with the OAuth token", async ({
    expect,
  }) => {
    if (!worker || !receiver) throw new Error("processes did not start");
    await byTestId("tab-link-requests").click();
    await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
    // A marker on window survives only if the page is never reloaded.
    await page.evaluate(() => Reflect.set(window, "__sameDocument", true));

    const res = await fetch(`${worker.url}/e/${endpointName}/orders/A-17`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sku: "TEA-1", qty: 2 }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ order: "A-17", state: "accepted" });

    const row = byTestId("request-row");
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain("/orders/A-17");
    await row.locator("button").click();
    await byTestId("request-body").waitFor();
    expect(await byTestId("request-body").textContent()).toContain("TEA-1");
    expect(await page.evaluate(() => Reflect.get(window, "__sameDocument") as unknown)).toBe(true);
    await checkScreen("10-requests-live", expect);

    const hook = await until(
      async () => receiver?.requests().find((r) => r.path === "/hook"),
      `the callout at the receiver\n${worker.output.slice(-40).join("\n")}`,
    );
    const headers = hook.headers as Record<string, string>;
    expect(headers.authorization).toMatch(/^Bearer \S+$/);
    expect(JSON.parse(String(hook.body))).toEqual({ order: "A-17", sku: "TEA-1" });

    await byTestId("tab-link-callouts").click();
    const delivered = page.locator('[data-testid="callout-item"][data-state="delivered"]');
    await delivered.waitFor({ timeout: 30_000 });
    expect(await delivered.textContent()).toContain(`${receiver.url}/hook`);
  });

  it("shows a new callout on the callouts tab without a reload", async ({ expect }) => {
    if (!worker) throw new Error("worker did not start");
    await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
    await page.evaluate(() => Reflect.set(window, "__sameDocument", true));
    const res = await fetch(`${worker.url}/e/${endpointName}/orders/B-2`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sku: "MUG-3" }),
    });
    expect(res.status).toBe(201);
    await expect
      .poll(() => page.locator('[data-testid="callout-item"][data-state="delivered"]').count(), {
        timeout: 30_000,
      })
      .toBe(2);
    expect(await page.evaluate(() => Reflect.get(window, "__sameDocument") as unknown)).toBe(true);
    const first = byTestId("callout-item").first();
    await first.locator(":scope > summary").click();
    await first.locator('[data-testid="callout-attempt"]').first().waitFor();
    expect(await first.textContent()).toContain(connectionName);
    await checkScreen("11-callouts-live", expect);
  });

  it("filters the request log and shows a request's details", async ({ expect }) => {
    if (!worker) throw new Error("worker did not start");
    // One request that no rule matches, answered by the default response.
    const res = await fetch(`${worker.url}/e/${endpointName}/health?probe=1`);
    expect(res.status).toBe(200);
    await byTestId("tab-link-requests").click();
    await expect.poll(() => byTestId("request-row").count(), { timeout: 10_000 }).toBe(3);
    expect(await byTestId("request-row").first().textContent()).toContain("default");

    await byTestId("requests-filter").fill("POST");
    await expect.poll(() => byTestId("request-row").count()).toBe(2);
    await byTestId("requests-filter").fill("");
    await expect.poll(() => byTestId("request-row").count()).toBe(3);

    const order = byTestId("request-row").filter({ hasText: "/orders/A-17" });
    await expect.poll(() => order.textContent()).toContain("#1 New order");
    await order.locator("button").click();
    await byTestId("request-detail").getByText("TEA-1").waitFor();
    // The README's screenshot: wait for the toasts to go so they hide nothing.
    await page.waitForFunction(() => !document.querySelector("#toasts .toast"), null, {
      timeout: 10_000,
    });
    const shot = await checkScreen("12-request-detail", expect);
    mkdirSync(new URL(".", `file://${DOCS_SCREENSHOT}`).pathname, { recursive: true });
    copyFileSync(shot, DOCS_SCREENSHOT);
    expect(statSync(DOCS_SCREENSHOT).size).toBeLessThan(300_000);
  });

  it("lists the endpoint and the account's key", async ({ expect }) => {
    await byTestId("nav-endpoints").click();
    await page.locator(`[data-testid="endpoint-item"][data-name="${endpointName}"]`).waitFor();
    await checkScreen("13-endpoints", expect);
    await byTestId("nav-account").click();
    await byTestId("key-list").waitFor();
    expect(await byTestId("key-list").locator("tbody tr").count()).toBe(1);
    await checkScreen("14-account", expect);
  });
});
