import { gzipSync } from "node:zlib";

import { expect, test } from "@playwright/test";

import { expectAccessible, screenshot, url } from "./support";

test("a visitor reads the home page, a content page and the news", async ({ page }) => {
  // the home page, server-rendered from the CMS with its title and description
  await page.goto(url("/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to the Steward Demo Society");
  await expect(page).toHaveTitle(/Steward Demo Society/);
  expect(await page.locator('meta[name="description"]').getAttribute("content")).toBeTruthy();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expectAccessible(page);
  await screenshot(page, "home");

  // a content page, reached from the menu, with its blocks
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "About us" }).click();
  await expect(page).toHaveURL(/\/about\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("About us");
  await expect(page).toHaveTitle("About us · Steward");
  await expect(page.locator("main h2").first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "content-page");

  // the news index and a news item
  await page.goto(url("/news/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("News");
  await expectAccessible(page);
  await screenshot(page, "news-index");
  await page.getByRole("link", { name: "Open day draws a record crowd" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Open day draws a record crowd");
  await expect(page.locator("main time")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "news-item");

  // an unknown path is a 404 page
  const missing = await page.goto(url("/no-such-page/"));
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expectAccessible(page);
});

test("the skip link takes keyboard users to the main content", async ({ page }) => {
  await page.goto(url("/"));
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});

test("a visitor switches the language to Thai", async ({ page }) => {
  await page.goto(url("/about/"));
  // the language menu: a disclosure of links, each language named in itself
  await page.locator("details.language-menu summary").click();
  await page.getByRole("link", { name: "ไทย" }).click();
  await expect(page).toHaveURL(/\/about\/$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "th");
  await expect(page.getByRole("link", { name: "ข้ามไปยังเนื้อหาหลัก" })).toBeAttached();
  await expectAccessible(page);
  await screenshot(page, "content-page-th");
});

test("pages ship little JavaScript (the donate page under 200 kB gzipped, Stripe.js aside)", async ({ page }) => {
  const sizes = new Map<string, number>();
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    if (response.url().includes("/js.stripe.com/")) return; // Stripe's own script, not ours to shrink
    const body = await response.body().catch(() => null);
    if (body) sizes.set(response.url(), gzipSync(body).length);
  });
  for (const [path, limit] of [
    ["/", 150],
    ["/account/sign-in/", 150],
    ["/donate/", 200],
  ] as const) {
    sizes.clear();
    await page.goto(url(path), { waitUntil: "networkidle" });
    const total = [...sizes.values()].reduce((sum, size) => sum + size, 0);
    console.log(`${path}: ${(total / 1024).toFixed(1)} kB of gzipped JavaScript in ${sizes.size} files`);
    expect(total).toBeLessThan(limit * 1024);
  }
});
