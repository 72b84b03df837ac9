/**
 * Frontend benchmark: the home and donate pages served by the PRODUCTION build (`next start`, with Django and
 * localstripe behind it, as the browser tests start them), measured in headless Chromium (Debian's):
 *   - TTFB (navigation responseStart) and LCP (largest-contentful-paint), median of RUNS cold loads each
 *     (a new browser context per load: no cache, no cookies); targets: LCP < 1.5 s;
 *   - gzipped JavaScript shipped to the donate page (Stripe.js excluded: it is Stripe's); target < 200 kB.
 * Run: `make frontend-bench` (builds first) or, built already, `cd frontend && npx playwright test -c playwright.bench.config.ts`.
 * Prints the figures; fails only when a target is missed.
 */
import { gzipSync } from "node:zlib";

import { type Browser, expect, test } from "@playwright/test";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

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
    expect(lcp, `${path} LCP`).toBeLessThan(1500);
    if (path === "/donate/") expect(js, "donate page JS").toBeLessThan(200 * 1024);
  }
  console.log(`\n${lines.join("\n")}\n`);
});
