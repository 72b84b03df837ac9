/**
 * Frontend benchmark: the home and donate pages served by the PRODUCTION build (`next start`, with Django and
 * localstripe behind it, as the browser tests start them), measured in headless Chromium (Debian's):
 *   - TTFB (navigation responseStart) and LCP (largest-contentful-paint), median of RUNS cold loads each
 *     (a new browser context per load: no cache, no cookies); targets: LCP < 1.5 s;
 *   - gzipped JavaScript shipped to the donate page (Stripe.js excluded: it is Stripe's); target < 120 kB;
 *   - on a phone profile (390×844, 4× CPU slowdown through CDP Emulation.setCPUThrottlingRate, Lighthouse's "slow
 *     4G" through CDP Network.emulateNetworkConditions: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up): LCP
 *     and interaction to next paint of the donate page and the portal dashboard (signed in), median of PHONE_RUNS;
 *     INP is the longest Event Timing entry (PerformanceObserver on 'event', durationThreshold 16 ms) of real
 *     interactions made as soon as the page has loaded (a tap on a choice and typing on the donate page; a tap
 *     and a Tab on the dashboard); targets LCP < 1.5 s, INP < 200 ms.
 * Run: `make frontend-bench` (builds first) or, built already, `cd frontend && npx playwright test -c playwright.bench.config.ts`.
 * Prints the figures; fails only when a target is missed.
 */
import { gzipSync } from "node:zlib";

import { type Browser, type BrowserContext, type Page, expect, test } from "@playwright/test";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PHONE_RUNS = Number(process.env.BENCH_PHONE_RUNS ?? 5);
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
// Lighthouse's "slow 4G" (https://github.com/GoogleChrome/lighthouse/blob/main/docs/throttling.md), in bytes/s.
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

function base(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: run through playwright.bench.config.ts.");
  return url;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function measure(browser: Browser, path: string): Promise<{ ttfb: number; lcp: number; js: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let js = 0;
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script" || response.url().includes("/js.stripe.com/")) return;
    const body = await response.body().catch(() => null);
    if (body) js += gzipSync(body).length;
  });
  await page.goto(`${base()}${path}`, { waitUntil: "networkidle" });
  const timings = await page.evaluate(
    () =>
      new Promise<{ ttfb: number; lcp: number }>((resolve) => {
        const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve({ ttfb: navigation.responseStart, lcp: entries[entries.length - 1]!.startTime });
        }).observe({ type: "largest-contentful-paint", buffered: true });
      }),
  );
  await context.close();
  return { ...timings, js };
}

test("home and donate pages: TTFB, LCP and JavaScript shipped", async ({ browser }) => {
  test.setTimeout(300_000);
  const lines: string[] = [];
  const checks: (() => void)[] = [];
  for (const path of ["/", "/donate/"]) {
    await measure(browser, path); // warm the server (first render compiles nothing, but fills Django's caches)
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await measure(browser, path));
    const ttfb = median(runs.map((run) => run.ttfb));
    const lcp = median(runs.map((run) => run.lcp));
    const js = median(runs.map((run) => run.js));
    lines.push(
      `${path.padEnd(9)} TTFB ${ttfb.toFixed(0).padStart(5)} ms   LCP ${lcp.toFixed(0).padStart(5)} ms   JS ${(js / 1024).toFixed(1).padStart(6)} kB gzipped   (median of ${RUNS})`,
    );
    checks.push(() => expect(lcp, `${path} LCP`).toBeLessThan(1500));
    if (path === "/donate/") checks.push(() => expect(js, "donate page JS").toBeLessThan(120 * 1024));
  }
  console.log(`\n${lines.join("\n")}\n`); // the figures first, then the targets
  for (const check of checks) check();
});

/** Collects LCP and the longest interaction (Event Timing) from the start of the page, before its own scripts. */
const VITALS_OBSERVER = `
  window.__vitals = { lcp: 0, inp: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__vitals.lcp = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.interactionId) window.__vitals.inp = Math.max(window.__vitals.inp, entry.duration);
    }
  }).observe({ type: "event", durationThreshold: 16, buffered: true });
`;

async function phonePage(browser: Browser, storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>) {
  const context = await browser.newContext({ ...PHONE, storageState });
  await context.addInitScript(VITALS_OBSERVER);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
  return { context, page };
}

type Interact = (page: Page) => Promise<void>;

async function measurePhone(
  browser: Browser,
  path: string,
  interact: Interact,
  storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>,
): Promise<{ lcp: number; inp: number }> {
  const { context, page } = await phonePage(browser, storageState);
  await page.goto(`${base()}${path}`, { waitUntil: "load" });
  await interact(page);
  // Event Timing entries are reported after the next paint; give the throttled page time to paint.
  await page.waitForTimeout(1000);
  const vitals = await page.evaluate(() => (window as unknown as { __vitals: { lcp: number; inp: number } }).__vitals);
  await context.close();
  return vitals;
}

const donateInteraction: Interact = async (page) => {
  await page.getByRole("radio", { name: "Monthly" }).tap();
  await page.getByLabel("Other amount").pressSequentially("12", { delay: 50 });
};

const dashboardInteraction: Interact = async (page) => {
  await page.getByRole("heading", { level: 1 }).tap();
  await page.keyboard.press("Tab");
};

test("on a phone (4× CPU, slow 4G): LCP and INP of the donate page and the portal dashboard", async ({ browser }) => {
  test.setTimeout(600_000);
  // the demo member signs in once; each load is a new context with only the session cookie
  const signIn = await browser.newContext();
  const page = await signIn.newPage();
  await page.goto(`${base()}/account/sign-in/`);
  const form = page.getByRole("form", { name: "Sign in with your password" });
  await form.getByLabel("Email address").fill("member@example.org");
  await form.getByLabel("Password", { exact: true }).fill("steward-demo");
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/portal\//);
  const member = await signIn.storageState();
  await signIn.close();

  const lines: string[] = [];
  const checks: (() => void)[] = [];
  for (const [path, interact, state] of [
    ["/donate/", donateInteraction, undefined],
    ["/portal/", dashboardInteraction, member],
  ] as const) {
    await measurePhone(browser, path, interact, state); // warm the server
    const runs = [];
    for (let i = 0; i < PHONE_RUNS; i += 1) runs.push(await measurePhone(browser, path, interact, state));
    const lcp = median(runs.map((run) => run.lcp));
    const inp = median(runs.map((run) => run.inp));
    const shownInp = inp > 0 ? `${inp.toFixed(0).padStart(5)} ms` : "  <16 ms";
    lines.push(
      `phone ${path.padEnd(9)} LCP ${lcp.toFixed(0).padStart(5)} ms   INP ${shownInp}   (median of ${PHONE_RUNS}; 4× CPU, slow 4G)`,
    );
    checks.push(() => expect(lcp, `${path} LCP on a phone`).toBeLessThan(1500));
    checks.push(() => expect(inp, `${path} INP on a phone`).toBeLessThan(200));
  }
  console.log(`\n${lines.join("\n")}\n`);
  for (const check of checks) check();
});
