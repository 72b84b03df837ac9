import { expect, test } from "@playwright/test";

import { expectAccessible, screenshot, url } from "./support";

const DEMO_MEMBER = "member@example.org";
const DEMO_PASSWORD = "steward-demo";

test("a volunteer signs up for a shift, is waitlisted on a full one, and finds both in the portal", async ({ page }) => {
  // signed out: the opportunities and their free places are public
  await page.goto(url("/volunteer/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Volunteer with us");
  await expect(page.getByText(/places free/).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "volunteer-opportunities");
  await page.getByRole("link", { name: "Sign in to sign up" }).first().click();
  const form = page.getByRole("form", { name: "Sign in with your password" });
  await form.getByLabel("Email address").fill(DEMO_MEMBER);
  await form.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/volunteer\/$/);

  // a shift with room: signed up
  const firstOpen = page.getByTestId("shift").filter({ has: page.getByRole("button", { name: /^Sign up/ }) }).first();
  const open = page.locator(`[data-shift-id="${await firstOpen.getAttribute("data-shift-id")}"]`);
  await open.getByRole("button", { name: /^Sign up/ }).click();
  await expect(open.getByRole("status")).toHaveText("You are signed up.");

  // a full shift: on the waitlist (the demo member is booked on some shifts already: one that clashes is refused
  // with the reason shown beside it, so try the next)
  const fullShifts = page.getByTestId("shift").filter({ has: page.getByRole("button", { name: /^Join the waitlist/ }) });
  const ids = await fullShifts.evaluateAll((items) => items.map((item) => item.getAttribute("data-shift-id")));
  let joined = false;
  for (const id of ids.slice(0, 8)) {
    const full = page.locator(`[data-shift-id="${id}"]`);
    await full.getByRole("button", { name: /^Join the waitlist/ }).click();
    await expect(full.getByRole("status").or(full.getByRole("alert"))).toBeVisible();
    if (await full.getByRole("status").count()) {
      await expect(full.getByRole("status")).toHaveText("The shift is full: you are on the waitlist.");
      joined = true;
      break;
    }
  }
  expect(joined).toBe(true);
  await expectAccessible(page);
  await screenshot(page, "volunteer-signed-up");

  // the portal: both shifts (one waitlisted), the totals and the calendar feed
  await page.goto(url("/portal/volunteering/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your volunteering");
  await expect(page.getByTestId("my-shift").filter({ hasText: "On the waitlist" }).first()).toBeVisible();
  await expect(page.getByText(/approved hours/)).toBeVisible();
  await expect(page.getByLabel("Calendar address")).toHaveValue(/^https?:\/\/.+/);
  await expectAccessible(page);
  await screenshot(page, "portal-volunteering");

  // cancel the waitlisted place
  const firstWaitlisted = page.getByTestId("my-shift").filter({ hasText: "On the waitlist" }).first();
  const waitlisted = page.locator(`[data-signup-id="${await firstWaitlisted.getAttribute("data-signup-id")}"]`);
  await waitlisted.getByRole("button", { name: /^Cancel/ }).click();
  await expect(waitlisted.getByRole("status")).toHaveText("Cancelled.");
});
