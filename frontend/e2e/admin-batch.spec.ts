import { expect, test } from "@playwright/test";

import { djangoUrl, expectAccessible, screenshot, signInToAdmin } from "./support";

test("staff enter a gift in a batch: the donor chooser and the date picker work, and the totals follow", async ({ page }) => {
  // No script on the page may fail (the widgets' set-up once ran before their scripts had loaded).
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  await signInToAdmin(page);

  // a new batch: two cheques expected, 75.00 in all
  await page.goto(djangoUrl("/admin/donations/batches/new/"));
  const name = `Paying-in slip ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Expected total").fill("75.00");
  await page.getByLabel("Expected count").fill("2");
  await page.getByRole("button", { name: /^(Create|Save)$/ }).click();
  await expect(page.getByRole("heading", { name: "Add a gift to this batch" })).toBeVisible();
  await expect(page.locator("[data-figure=entered]")).toContainText("0 gifts");

  // the donor from the chooser's modal (searched by name), the date from the picker
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add gift" }) });
  await form.getByRole("button", { name: "Choose a constituent" }).first().click();
  const modal = page.locator(".modal-content");
  await expect(modal.getByRole("table")).toBeVisible();
  const firstDonor = modal.locator("tbody tr").first().getByRole("link").first();
  const donorName = ((await firstDonor.textContent()) ?? "").trim();
  expect(donorName).not.toBe("");
  await modal.getByRole("textbox").first().fill(donorName);
  const match = modal.locator("tbody tr").getByRole("link", { name: donorName, exact: true }).first();
  await expect(match).toBeVisible();
  await match.click();
  await expect(modal).toBeHidden();
  await expect(form.locator("[data-chooser-title]").first()).toHaveText(donorName);

  await form.locator("[name=gift-amount]").fill("50.00");
  const date = form.locator("[name=gift-gift_date]");
  await date.click();
  await expect(page.locator(".xdsoft_datetimepicker").first()).toBeVisible();
  await date.fill("2026-11-02");
  await date.press("Escape");
  // Escape closes the picker, which would otherwise cover the fields and buttons under it
  await expect(page.locator(".xdsoft_datetimepicker").first()).toBeHidden();
  await form.locator("[name=gift-reference]").fill("CHQ 100231");
  await form.locator("[name=gift-fund]").selectOption({ index: 1 });
  await expectAccessible(page);
  await form.getByRole("button", { name: "Add gift" }).click();

  // the gift is in the batch, and what is left to enter is one gift of 25.00
  await expect(page.getByRole("status")).toContainText(`Gift of 50.00 USD from ${donorName} added.`);
  const row = page.locator("[data-table=batch-gifts] tbody tr").first();
  await expect(row).toContainText(donorName);
  await expect(row).toContainText("CHQ 100231");
  await expect(page.locator("[data-figure=entered]")).toContainText("1 gifts, 50.00");
  await expect(page.locator("[data-figure=balance]")).toContainText("Still to enter: 1 gifts, 25.00");
  await screenshot(page, "admin-batch-entry");
  expect(problems).toEqual([]);
});

test("a staff action form (record a consent) is accessible at desktop and phone sizes", async ({ page }) => {
  await signInToAdmin(page);
  await page.goto(djangoUrl("/admin/members/constituents/"));
  const href = (await page.locator("tbody tr a[href*='/constituents/']").first().getAttribute("href")) ?? "";
  const pk = href.match(/\/constituents\/(?:inspect\/)?(\d+)\//)?.[1];
  expect(pk, href).toBeTruthy();
  for (const size of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.goto(djangoUrl(`/admin/members/constituents/${pk}/record-consent/`));
    await expect(page.getByRole("link", { name: "Back" })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `admin-record-consent-${size.width}`);
  }
});
