import { expect, test } from "@playwright/test";

import { expectAccessible, screenshot, url } from "./support";

// The seeded demo member (steward/members/demo.py): current, listed in the directory.
const DEMO_MEMBER = "member@example.org";
const DEMO_PASSWORD = "steward-demo";

test("a current member sees their membership and searches the directory", async ({ page }) => {
  await page.goto(url("/account/sign-in/"));
  const form = page.getByRole("form", { name: "Sign in with your password" });
  await form.getByLabel("Email address").fill(DEMO_MEMBER);
  await form.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/portal\/$/);

  // the membership, with its level, status and dates formatted for the language
  const table = page.getByRole("table");
  await expect(table).toBeVisible();
  await expect(table.getByRole("cell", { name: "Current" }).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "demo-member-dashboard");

  // the member directory: everyone listed, then a search
  await page.getByRole("link", { name: "Member directory" }).click();
  await expect(page.getByRole("status")).toContainText(/\d+ members found/);
  const first = page.locator("main li strong").first();
  const name = ((await first.textContent()) ?? "").trim();
  expect(name).not.toBe("");
  await page.getByLabel("Search by name or city").fill(name.split(" ")[0] ?? name);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/search=/);
  await expect(page.locator("main li strong", { hasText: name }).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "demo-member-directory");
});

test("a network failure is shown and the save can be retried", async ({ page }) => {
  await page.goto(url("/account/sign-in/"));
  const form = page.getByRole("form", { name: "Sign in with your password" });
  await form.getByLabel("Email address").fill(DEMO_MEMBER);
  await form.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/portal\/$/);
  await page.goto(url("/portal/preferences/"));

  // the first save never reaches the server
  let failed = false;
  await page.route("**/graphql/", async (route) => {
    if (!failed && route.request().method() === "POST" && route.request().postData()?.includes("UpdateDirectoryVisibility")) {
      failed = true;
      await route.abort("internetdisconnected");
      return;
    }
    await route.continue();
  });
  await page.getByLabel("Show my city").check();
  await page.getByRole("button", { name: "Save" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "We could not reach the server" });
  await expect(alert).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "network-failure");

  // "Try again" sends the same change, which now arrives
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(alert).toBeHidden();
  await page.reload();
  await expect(page.getByLabel("Show my city")).toBeChecked();
});
