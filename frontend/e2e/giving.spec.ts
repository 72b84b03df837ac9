import { type Page, expect, test } from "@playwright/test";

import { cardReady, expectAccessible, fillCard, screenshot, url } from "./support";

// The seeded demo member (steward/members/demo.py).
const DEMO_MEMBER = "member@example.org";
const DEMO_PASSWORD = "steward-demo";

async function signIn(page: Page, next: string): Promise<void> {
  await page.goto(url(`/account/sign-in/?next=${encodeURIComponent(next)}`));
  const form = page.getByRole("form", { name: "Sign in with your password" });
  await form.getByLabel("Email address").fill(DEMO_MEMBER);
  await form.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, "\\$&")}$`));
}

test("a member gives monthly, downloads the receipt, changes a consent and cancels the gift", async ({ page }) => {
  // signed in, the donate form needs no name or email
  await signIn(page, "/donate/");
  await cardReady(page);
  await expect(page.getByLabel("Email address", { exact: true })).toHaveCount(0);
  await page.getByRole("radio", { name: "Monthly" }).check();
  await page.getByLabel("Other amount").fill("17");
  await fillCard(page);
  await page.getByRole("button", { name: "Give $17.00 each month" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!");

  // the giving page: the regular gift, and the first payment with its receipt (rendered after the payment)
  await page.goto(url("/portal/giving/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your giving");
  const plan = page.locator("section.recurring-gift", { hasText: "$17.00 each month" });
  await expect(plan).toContainText("Active");
  await expect(plan).toContainText("ending 4242");
  const receiptLink = page.getByRole("link", { name: /^Receipt .+ \(PDF\)$/ }).first();
  await expect(async () => {
    await page.reload();
    await expect(receiptLink).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expectAccessible(page);
  await screenshot(page, "portal-giving");
  const href = (await receiptLink.getAttribute("href")) ?? "";
  const download = await page.request.get(new URL(href, url("/")).toString());
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toContain("application/pdf");
  expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // a consent changed on the preferences page
  await page.getByRole("link", { name: "Preferences" }).click();
  const newsletter = page.getByLabel("Email me the newsletter");
  const before = await newsletter.isChecked();
  await newsletter.setChecked(!before);
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Email me the newsletter")).toBeChecked({ checked: !before });

  // the regular gift: skipped once, then cancelled after a confirmation
  await page.getByRole("link", { name: "Giving" }).click();
  const active = page.locator("section.recurring-gift", { hasText: "$17.00 each month" }).filter({ hasText: "Active" }).first();
  const gift = page.locator(`[data-recurring-id="${await active.getAttribute("data-recurring-id")}"]`);
  // a new card, confirmed with Stripe.js (a SetupIntent) before it replaces the old one
  await gift.getByRole("button", { name: "Change card" }).click();
  await cardReady(page);
  await fillCard(page, "5555555555554444");
  await gift.getByRole("button", { name: "Save new card" }).click();
  await expect(gift.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(gift).toContainText("ending 4444");

  await gift.getByRole("button", { name: "Cancel this gift" }).click();
  await expect(gift.getByText("Future payments stop")).toBeVisible();
  await expectAccessible(page);
  await gift.getByLabel("Why are you cancelling? (optional)").fill("Moving abroad");
  await gift.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(gift.getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(gift.getByRole("button", { name: "Cancel this gift" })).toHaveCount(0);
  await screenshot(page, "portal-giving-cancelled");
});
