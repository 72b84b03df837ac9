import { expect, test } from "@playwright/test";

import { djangoUrl, expectAccessible, screenshot, signInToAdmin } from "./support";

const COUNT = /^([\d,]+) constituents? match(?:es)? today$/;

test("staff build a segment without code: groups, negation, dates, a live count, and it saves as built", async ({ page }) => {
  await signInToAdmin(page);
  await page.goto(djangoUrl("/admin/reports/segments/new/"));
  await page.getByLabel("Name").fill("Givers who are not volunteers");
  const conditions = page.getByRole("group", { name: "Conditions", exact: true });
  await expect(conditions.getByText("No conditions yet: the segment holds everyone.")).toBeVisible();
  const count = page.locator("[data-builder-count]");
  await expect(count).toHaveText(COUNT);

  // a giving condition with an amount
  await conditions.getByRole("button", { name: "Add a condition" }).last().click();
  const what = page.getByLabel("What to test");
  await what.nth(0).selectOption({ label: "Lifetime giving" });
  await page.getByLabel("At least").fill("10");

  // a date relative to today
  await conditions.getByRole("button", { name: "Add a condition" }).last().click();
  await what.nth(1).selectOption({ label: "Last gift between two dates" });
  await page.getByLabel("From", { exact: true }).selectOption({ label: "days before today" });
  await page.getByLabel("From: number of days").fill("730");

  // a nested group: not a volunteer, or an individual
  await conditions.getByRole("button", { name: "Add a group" }).last().click();
  const group = page.getByRole("group", { name: "Group of conditions" });
  await expect(group.getByLabel("Match")).toHaveValue("any");
  await group.getByRole("button", { name: "Add a condition" }).click();
  await what.nth(2).selectOption({ label: "Has a volunteer profile" });
  await group.getByLabel("Not", { exact: true }).check();
  await group.getByRole("button", { name: "Add a condition" }).click();
  await what.nth(3).selectOption({ label: "Is an individual, household or organisation" });
  await group.getByLabel("Individual").check();

  // a condition left incomplete is named in place of the count, and can be removed
  await conditions.getByRole("button", { name: "Add a condition" }).last().click();
  await expect(count).toContainText("choose what this condition tests");
  await page.getByRole("button", { name: "Remove this condition" }).last().click();
  await expect(count).toHaveText(COUNT);
  const counted = ((await count.textContent()) ?? "").match(COUNT)?.[1] ?? "";
  expect(counted).not.toBe("");

  // what the builder wrote is the JSON the server stores
  await page.getByText("Edit as JSON").click();
  const json = JSON.parse(await page.locator("textarea[name=conditions]").inputValue());
  expect(json).toEqual({
    all: [
      { field: "lifetime_total", min: "10" },
      { field: "last_gift_date", from: "today-730" },
      { any: [{ not: { field: "volunteer", value: true } }, { field: "kind", kinds: ["individual"] }] },
    ],
  });
  await expectAccessible(page);
  await screenshot(page, "admin-segment-builder");

  // saved, its members page counts the same people
  await page.getByRole("button", { name: /^(Create|Save)$/ }).click();
  await expect(page).toHaveURL(/\/admin\/reports\/segments\/$/);
  await page.getByRole("link", { name: "Givers who are not volunteers" }).click();
  await expect(page.locator("[data-figure=segment-count]")).toHaveText(new RegExp(`^${counted} constituents?$`));

  // opened again, the builder shows the saved conditions
  await page.getByRole("link", { name: "Edit the conditions" }).click();
  await expect(page.getByLabel("What to test")).toHaveCount(4);
  await expect(page.getByLabel("What to test").nth(0)).toHaveValue("lifetime_total");
  await expect(page.getByLabel("At least")).toHaveValue("10");
  await expect(page.getByLabel("From: number of days")).toHaveValue("730");
  const negations = page.getByRole("group", { name: "Group of conditions" }).getByLabel("Not", { exact: true });
  await expect(negations.nth(0)).toBeChecked();
  await expect(negations.nth(1)).not.toBeChecked();
  await expect(page.locator("[data-builder-count]")).toHaveText(new RegExp(`^${counted} constituents? match`));
});
