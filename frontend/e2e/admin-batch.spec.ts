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
  await expect(page.locator("[data-figure=entered]")).toContainText("1 gift, 50.00");
  await expect(page.locator("[data-figure=balance]")).toContainText("Still to enter: 1 gift, 25.00");
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

test("staff enter a batch in the grid from the keyboard, correct and remove rows, post it, and then its gifts are locked; a refund is confirmed with its amount", async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  const watch = (target: typeof page) => {
    target.on("pageerror", (error) => problems.push(error.message));
    target.on("console", (message) => {
      // A row the server refuses (a bad amount: 400; a posted batch: 409) is what is tested here; Chromium reports
      // every such answer on the console as "Failed to load resource". Anything else is a problem.
      const refusal = /^Failed to load resource: the server responded with a status of (400|409)\b/;
      if (message.type() === "error" && !refusal.test(message.text())) problems.push(message.text());
    });
  };
  watch(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToAdmin(page);

  // a batch of two cheques, 75.00 in all, received on 2 November
  await page.goto(djangoUrl("/admin/donations/batches/new/"));
  await page.getByLabel("Name").fill(`Grid slip ${Date.now()}`);
  const slipDate = page.getByLabel("Gifts received on");
  await slipDate.fill("2026-11-02");
  await slipDate.press("Escape");
  await page.getByLabel("Expected total").fill("75.00");
  await page.getByLabel("Expected count").fill("2");
  await page.getByRole("button", { name: /^(Create|Save)$/ }).click();
  const summary = page.locator("[data-figure=summary]");
  const difference = page.locator("[data-figure=difference]");
  await expect(summary).toHaveText("$0.00 of $75.00 expected · 0 of 2 gifts");
  const batchUrl = page.url();

  // two donors of the demo data, as the grid's search finds them
  type Donor = { id: number; name: string; label: string };
  const donors: Donor[] = [];
  for (const letter of ["a", "j", "m", "s", "c"]) {
    const found = await (await page.request.get(djangoUrl(`/admin/donations/batches/donors/?q=${letter}`))).json();
    for (const donor of found.results as Donor[]) {
      if (donors.length < 2 && !donors.some((known) => known.name === donor.name)) donors.push(donor);
    }
  }
  const [first, second] = donors;
  if (!first || !second) throw new Error(`two donors were expected: ${JSON.stringify(donors)}`);

  const entry = () => page.locator("tr[data-entry=new]");
  const keys = async (...presses: string[]) => {
    for (const key of presses) await page.keyboard.press(key);
  };
  // Type a donor's name into the focused donor field and take them from the list with the arrow keys and Enter.
  const chooseDonor = async (row: ReturnType<typeof entry>, donor: { name: string; label: string }) => {
    await page.keyboard.type(donor.name);
    const options = row.getByRole("option");
    await expect(options.filter({ hasText: donor.label })).toBeVisible();
    const labels = await options.allTextContents();
    const index = labels.indexOf(donor.label);
    expect(index, labels.join(" | ")).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < index; i++) await page.keyboard.press("ArrowDown");
    await expect(row.getByRole("combobox", { name: /^Donor/ })).toHaveAttribute("aria-activedescendant", /-\d+$/);
    await page.keyboard.press("Enter");
    await expect(row.getByLabel(/^Amount/)).toBeFocused();
  };

  // row 1: donor, amount, the batch's date (kept), the first fund, cheque (kept), the cheque number; Enter saves
  await entry().getByRole("combobox", { name: /^Donor/ }).focus();
  await chooseDonor(entry(), first);
  await page.keyboard.type("50.00");
  await keys("Enter");
  await expect(entry().getByLabel("Received")).toBeFocused();
  await expect(entry().getByLabel("Received")).toHaveValue("2026-11-02");
  await keys("Enter", "ArrowDown", "Enter", "Enter");
  await expect(entry().getByLabel("Cheque number")).toBeFocused();
  await page.keyboard.type("CHQ 1");
  await keys("Enter");
  const rows = page.locator("[data-table=batch-gifts] tbody tr[data-gift]");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(first.name);
  await expect(rows.first()).toContainText("$50.00");
  await expect(rows.first()).toContainText("CHQ 1");
  await expect(summary).toHaveText("$50.00 of $75.00 expected · 1 of 2 gifts");
  await expect(difference).toHaveText("$25.00 still to enter; 1 gift still to enter");
  // a fresh row, the focus on its donor
  await expect(entry().getByRole("combobox", { name: /^Donor/ })).toBeFocused();

  // row 2 (the fund and method carry over from row 1)
  await chooseDonor(entry(), second);
  await page.keyboard.type("20.00");
  await keys("Tab", "Tab", "Tab", "Tab");
  await page.keyboard.type("CHQ 2");
  await keys("Enter");
  await expect(summary).toHaveText("$70.00 of $75.00 expected · 2 of 2 gifts");
  await expect(entry().getByRole("combobox", { name: /^Donor/ })).toBeFocused();

  // row 3: a bad amount is refused on the row, the focus put back on it; corrected, it saves
  await chooseDonor(entry(), first);
  await page.keyboard.type("0");
  await keys("Enter", "Enter", "Enter", "Enter", "Enter");
  const amountField = entry().getByLabel(/^Amount/);
  await expect(entry().getByText("The amount must be more than zero.")).toBeVisible();
  await expect(amountField).toHaveAttribute("aria-invalid", "true");
  await expect(amountField).toBeFocused();
  await page.keyboard.type("9.99");
  await keys("Enter", "Enter", "Enter", "Enter", "Enter");
  await expect(rows).toHaveCount(3);
  await expect(summary).toHaveText("$79.99 of $75.00 expected · 3 of 2 gifts");
  await expect(difference).toHaveText("$4.99 more than expected; 1 gift more than expected");

  // a second tab on the batch, open before it is posted
  const stale = await context.newPage();
  watch(stale);
  await stale.setViewportSize({ width: 1280, height: 800 });
  await stale.goto(batchUrl);

  // row 2 corrected: 25.00 instead of 20.00
  await page.getByRole("button", { name: `Edit the gift of $20.00 from ${second.name}` }).focus();
  await keys("Enter");
  const editing = page.locator("tr[data-entry=edit]");
  await expect(editing.getByRole("combobox", { name: /^Donor/ })).toBeFocused();
  await keys("Tab");
  await page.keyboard.type("25.00");
  await keys("Enter", "Enter", "Enter", "Enter", "Enter");
  await expect(editing).toHaveCount(0);
  await expect(summary).toHaveText("$84.99 of $75.00 expected · 3 of 2 gifts");

  // row 3 removed (confirmed in the browser's dialog)
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: `Remove the gift of $9.99 from ${first.name}` }).focus();
  await keys("Enter");
  await expect(rows).toHaveCount(2);
  await expect(summary).toHaveText("$75.00 of $75.00 expected · 2 of 2 gifts");
  await expect(difference).toHaveText("Balances: ready to post.");
  await expect(page.locator("[data-figure=balance]")).toHaveText("Balances");
  await expectAccessible(page);
  await screenshot(page, "admin-batch-grid");
  // on a phone the grid scrolls sideways and is still accessible
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(entry().getByRole("combobox", { name: /^Donor/ })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "admin-batch-grid-390");
  await page.setViewportSize({ width: 1280, height: 800 });

  // the batch posted from the keyboard
  await page.getByRole("button", { name: "Post the batch" }).focus();
  await keys("Enter");
  await expect(page.getByRole("status")).toContainText("posted: its gifts now count");
  await expect(page.getByText("This batch has been posted: its gifts can no longer be changed")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Edit the gift/ })).toHaveCount(0);
  await expect(page.locator("tr[data-entry]")).toHaveCount(0);

  // and the tab opened before cannot change its gifts any more: refused on the row, nothing changed
  await stale.getByRole("button", { name: `Edit the gift of $50.00 from ${first.name}` }).focus();
  await stale.keyboard.press("Enter");
  await stale.keyboard.press("Tab");
  await stale.keyboard.type("1.00");
  for (let i = 0; i < 5; i++) await stale.keyboard.press("Enter");
  await expect(stale.locator("tr[data-entry=edit]")).toContainText(
    "This batch has been posted: its gifts can no longer be changed, removed or moved.",
  );
  await stale.goto(batchUrl);
  await expect(stale.locator("[data-table=batch-gifts] tbody tr[data-gift]").first()).toContainText("50.00");
  await stale.close();

  // a refund of part of the first gift: a reason, then a confirmation stating the amount and currency
  await page.locator("[data-table=batch-gifts] tbody tr[data-gift]").first().getByRole("link", { name: first.name }).click();
  await page.getByRole("link", { name: "Refund", exact: true }).click();
  await page.getByLabel("Amount to refund").fill("20.00");
  await page.getByLabel("Reason").selectOption("requested_by_customer");
  await page.getByLabel("Note").fill("Asked for part back");
  await page.getByRole("button", { name: "Refund", exact: true }).click();
  await expect(page.getByRole("heading", { name: `Refund 20.00 USD to ${first.name}?` })).toBeVisible();
  await expect(page.getByText("Requested by the donor")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "admin-refund-confirm");
  await page.getByRole("button", { name: "Yes, refund" }).click();
  await expect(page.getByRole("status")).toContainText("Refunded: 20.00 USD of 50.00 USD (Partially refunded).");
  await expect(page.locator("[data-table=refunds]")).toContainText("Asked for part back");

  expect(problems).toEqual([]);
});
