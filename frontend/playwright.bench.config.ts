// The frontend benchmark (bench/frontend.bench.ts): same servers and browser as the browser tests.
import { defineConfig } from "@playwright/test";

import base from "./playwright.config";

export default defineConfig({
  ...base,
  testDir: "bench",
  testMatch: "frontend.bench.ts",
  outputDir: "test-results/bench",
});
