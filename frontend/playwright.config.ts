import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser; the flags keep it off the (closed) network.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  // links.spec.ts follows every link of the portal and of every email the other specs made Django send: it runs
  // last, as a project of its own (`npx playwright test --no-deps e2e/links.spec.ts` runs it alone).
  projects: [
    { name: "flows", testIgnore: "links.spec.ts" },
    { name: "links", testMatch: "links.spec.ts", dependencies: ["flows"] },
  ],
  // One live Django and one built Next.js for the whole run (see e2e/global-setup.ts).
  globalSetup: "./e2e/global-setup.ts",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results/artifacts",
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS },
    screenshot: "only-on-failure",
    trace: "off",
    locale: "en-GB",
  },
});
