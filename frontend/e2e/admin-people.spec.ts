import { readFileSync } from "node:fs";

import { type Page, expect, test } from "@playwright/test";

import { djangoUrl, expectAccessible, screenshot, signInToAdmin } from "./support";

/** A demo shift's roster with people on it (the demo has past and future shifts, most with sign-ups). */
async function openRosterWithPeople(page: Page): Promise<void> {
  await page.goto(djangoUrl("/admin/volunteers/shifts/"));
  const hrefs = await page
    .locator('a[href*="/admin/volunteers/shifts/inspect/"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  for (const href of hrefs) {
    await page.goto(djangoUrl(href));
    if ((await page.locator("[data-table=roster] tbody tr[data-signup]").count()) > 0) return;
  }
  throw new Error("No demo shift has anyone on its roster");
}

test("staff see one person at a glance: the summary header, one timeline of everything, and a roster to print and export", async ({ page }) => {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToAdmin(page);

  // the roster: email and phone beside each name, and its download
  await openRosterWithPeople(page);
  const roster = page.locator("[data-table=roster]");
  await expect(roster.getByRole("columnheader", { name: "Email" })).toBeVisible();
  await expect(roster.getByRole("columnheader", { name: "Phone" })).toBeVisible();
  await expect(roster.locator("td[data-cell=email]").first()).toContainText("@");
  await expectAccessible(page);
  await screenshot(page, "admin-roster");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a[data-export=csv]").click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  expect(csv.split("\n")[0]).toContain("Email");
  expect(csv.split("\n").filter((line) => line.trim()).length).toBeGreaterThan(1);
  // printed, the admin's chrome and the buttons are gone; the roster stays
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("#wagtail-sidebar")).toBeHidden();
  await expect(page.locator("a[data-export=csv]")).toBeHidden();
  await expect(roster).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  // a volunteer on it who has also given
  const people = await roster
    .locator('a[href*="/admin/members/constituents/inspect/"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  let person = "";
  for (const href of people) {
    const answer = await page.request.get(djangoUrl(`${href}?timeline=gift`));
    if ((await answer.text()).includes('data-kind="gift"')) {
      person = href;
      break;
    }
  }
  expect(person, "a volunteer on this roster who has given").not.toBe("");

  // the summary header and the timeline, with human labels
  await page.goto(djangoUrl(person));
  const summary = page.locator("[data-summary]");
  await expect(summary.locator("[data-fact=kind]")).toContainText("Individual");
  await expect(summary.locator("[data-fact=lifetime]")).toContainText(/Lifetime giving\s*[\d,]+\.\d\d [A-Z]{3} \(\d+ gifts?\)/);
  await expect(summary.locator("[data-fact=hours]")).toContainText("Volunteer hours");
  await expect(summary.locator("[data-fact=membership]")).toContainText("Membership");
  const timeline = page.locator("[data-table=timeline]");
  await expect(timeline.locator("tr[data-kind=volunteering]").first()).toContainText(/Signed up for|hours volunteered/);
  await expect(timeline).not.toContainText(/→ (True|False)\b/);
  await expectAccessible(page);
  await screenshot(page, "admin-constituent-1280");
  await page.locator("#timeline-section").screenshot({ path: "test-results/screenshots/admin-constituent-timeline.png" });

  // the kind filter (a plain form): gifts only
  await page.getByLabel("Show").selectOption({ label: "Gifts" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]timeline=gift/);
  const rows = timeline.locator("tbody tr");
  await expect(rows.first()).toContainText(/Gift of [\d,]+(\.\d+)? [A-Z]{3}/);
  const kinds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-kind")));
  expect(new Set(kinds)).toEqual(new Set(["gift"]));

  // on a phone the header still says it all, and the page stays accessible
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(djangoUrl(person));
  await expect(summary.locator("[data-fact=lifetime]")).toBeVisible();
  await expect(timeline.locator("tr[data-kind=volunteering]").first()).toBeAttached();
  await expectAccessible(page);
  await screenshot(page, "admin-constituent-390");
  expect(problems).toEqual([]);
});
