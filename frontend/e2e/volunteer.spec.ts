import { expect, test } from "@playwright/test";

import { expectAccessible, linkFromMail, screenshot, url } from "./support";

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

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

for (const size of SIZES) {
  test(`shifts narrow by skill, place and date, show on their day in the calendar, and a sign-up updates the places at once and is confirmed by email (${size.name})`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(url(`/account/sign-in/?next=${encodeURIComponent("/volunteer/")}`));
    const form = page.getByRole("form", { name: "Sign in with your password" });
    await form.getByLabel("Email address").fill(DEMO_MEMBER);
    await form.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await form.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/volunteer\/$/);
    const shifts = page.getByTestId("shift");
    const all = await shifts.count();
    expect(all).toBeGreaterThan(3);

    // by skill (a GET form: the choice is in the address)
    const filters = page.getByRole("form", { name: "Find shifts" });
    await filters.getByLabel("Skill").selectOption("Gardening");
    await filters.getByRole("button", { name: "Show shifts" }).click();
    await expect(page).toHaveURL(/skill=Gardening/);
    await expect(shifts.first()).toBeVisible();
    expect(await shifts.count()).toBeLessThan(all);
    for (const title of await shifts.getByRole("heading", { level: 3 }).allTextContents()) expect(title).toBe("Community garden");
    // by place: online, with the skill left on, matches nothing: the empty state offers to clear the filters
    await filters.getByLabel("Place").selectOption("online");
    await filters.getByRole("button", { name: "Show shifts" }).click();
    await expect(page.getByTestId("no-shifts")).toContainText("No shifts match.");
    await expectAccessible(page);
    await page.getByTestId("no-shifts").getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/volunteer\/$/);
    await filters.getByLabel("Place").selectOption("online");
    await filters.getByRole("button", { name: "Show shifts" }).click();
    for (const title of await shifts.getByRole("heading", { level: 3 }).allTextContents()) expect(title).toBe("Phone befriending");
    // by date: one day's shifts
    await page.goto(url("/volunteer/"));
    const day = (await page.locator("section[aria-labelledby^='day-']").first().getAttribute("aria-labelledby"))!.slice(4);
    await page.goto(url(`/volunteer/?from=${day}&to=${day}`));
    await expect(page.locator("section[aria-labelledby^='day-']")).toHaveCount(1);
    await expect(page.locator(`section[aria-labelledby='day-${day}'] [data-testid='shift']`).first()).toBeVisible();
    await screenshot(page, `volunteer-filtered-${size.name}`);

    // the calendar: the month as a table, each shift on its own day
    await page.goto(url(`/volunteer/?view=calendar&month=${day.slice(0, 7)}`));
    const calendar = page.getByRole("table");
    await expect(calendar.locator("caption")).toBeVisible();
    const cell = calendar.locator(`td[data-day='${day}']`);
    await expect(cell.getByRole("link")).toHaveAccessibleName(/shifts: [1-9]/);
    await cell.getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`day=${day}`));
    const dayList = page.locator("section[aria-labelledby='shifts-of-day']");
    await expect(dayList.getByTestId("shift").first()).toBeVisible();
    const inCell = await cell.getByTestId("calendar-shift").evaluateAll((items) => items.map((item) => item.getAttribute("data-shift-id")));
    const inList = await dayList.getByTestId("shift").evaluateAll((items) => items.map((item) => item.getAttribute("data-shift-id")));
    expect(inCell).toEqual(inList);
    if (size.width > 600) await expect(cell.getByTestId("calendar-shift").first()).toBeVisible();
    else await expect(cell.getByTestId("calendar-shift").first()).toBeHidden();
    await expectAccessible(page);
    await screenshot(page, `volunteer-calendar-${size.name}`);

    // sign up for a shift of a day with room (one that clashes with the member's bookings is refused: try the next)
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const withRoom = await page.getByTestId("calendar-shift").filter({ hasText: "free" }).evaluateAll((items) =>
      items.map((item) => [item.closest("td")?.getAttribute("data-day"), item.getAttribute("data-shift-id")]),
    );
    let booked: string | null = null;
    for (const [shiftDay, id] of withRoom.slice(0, 6)) {
      if (!page.url().includes(`day=${shiftDay}`)) {
        await page.locator(`td[data-day='${shiftDay}']`).getByRole("link").click();
        await expect(page).toHaveURL(new RegExp(`day=${shiftDay}`));
        await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
      }
      const card = dayList.locator(`[data-shift-id="${id}"]`);
      const before = (await card.getByTestId("free-places").textContent()) ?? "";
      const free = Number(before.match(/^(\d+) of/)?.[1]);
      await card.getByRole("button", { name: /^Sign up/ }).click();
      await expect(card.getByRole("status").or(card.getByRole("alert"))).toBeVisible();
      if (await card.getByRole("alert").count()) continue;
      await expect(card.getByRole("status").first()).toHaveText("You are signed up.");
      // the places went down by one, in the day's list and in the calendar, without a reload
      const after = free - 1 > 0 ? new RegExp(`^${free - 1} of`) : /^Full$/;
      await expect(card.getByTestId("free-places")).toHaveText(after);
      await expect(page.locator(`td [data-testid='free-places'][data-shift-id="${id}"]`)).toHaveText(free - 1 > 0 ? `${free - 1} free` : "Full");
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      await expectAccessible(page);
      await screenshot(page, `volunteer-calendar-signed-up-${size.name}`);
      // cancelling gives the place back, at once
      await card.getByRole("button", { name: /^Cancel/ }).click();
      await expect(card.getByRole("status")).toHaveText("Cancelled.");
      await expect(card.getByTestId("free-places")).toHaveText(before);
      booked = id ?? null;
      break;
    }
    expect(booked).not.toBeNull();

    // the confirmation email came, and its link leads to the shift's day, where the shift is listed
    const link = linkFromMail(DEMO_MEMBER, "/volunteer/");
    await page.goto(link);
    await expect(page.locator(`[data-testid='shift'][data-shift-id="${booked}"]`)).toBeVisible();
    await expectAccessible(page);
  });
}
