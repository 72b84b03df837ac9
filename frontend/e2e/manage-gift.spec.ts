/**
 * Issue 15: a donor who gives monthly without an account is shown the gift on the thank-you page and emailed a
 * link to manage it; the link's page changes the amount, pauses for two months (showing when it resumes) and, on
 * cancelling, offers a lower amount first, then cancels. At 1280×800 and 390×844, axe-checked, with screenshots.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

import { type Page, expect, test } from "@playwright/test";

import { cardReady, expectAccessible, fillCard, screenshot, url } from "./support";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The manage links in the emails sent to `to` (they have no query string, so support's linkFromMail misses them). */
function manageLinks(to: string): string[] {
  const dir = process.env.E2E_MAIL_DIR ?? "";
  return readdirSync(dir)
    .sort()
    .flatMap((file) => readFileSync(path.join(dir, file), "utf8").split(/^-{79}$/m))
    .filter((message) => new RegExp(`^To: ${to.replace(/[.+]/g, "\\$&")}$`, "mi").test(message))
    .flatMap((message) => message.match(/https?:\/\/\S+\/giving\/manage\/\S+/g) ?? []);
}

/** `day` moved by whole months, clamped to a shorter month's end (as the gift's schedule does). */
function addMonths(day: Date, months: number): Date {
  const target = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day.getUTCDate(), last));
  return target;
}

/** A date as the pages write it (English, long). */
function written(day: Date): string {
  return new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(day);
}

async function expectNoSideways(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

test("a signed-out monthly donor changes, pauses and cancels their gift from the emailed link", async ({ page }) => {
  // the organisation's date (UTC in the demo): the first payment is today, the next one a month on
  const now = new Date();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const nextCharge = written(addMonths(today, 1));
  const pausedUntil = written(addMonths(today, 2));
  const email = `manage.${Date.now()}@example.org`;

  // a visitor gives $20.00 a month, signed out
  await page.setViewportSize(DESKTOP);
  await page.goto(url("/donate/"));
  await cardReady(page);
  await page.getByRole("radio", { name: "Monthly" }).check();
  await page.getByLabel("Other amount").fill("20");
  await page.getByLabel("Given name").fill("Nomin");
  await page.getByLabel("Family name").fill("Bold");
  await page.getByLabel("Email address", { exact: true }).fill(email);
  await fillCard(page);
  await page.getByRole("button", { name: "Give $20.00 each month" }).click();

  // the thank-you page states the amount, the frequency and the next charge date, with the manage link
  // (the first payment is charged while the browser waits: a loaded machine takes a while)
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!", { timeout: 30_000 });
  const thanks = page.getByRole("status");
  await expect(thanks).toContainText("Your monthly gift of $20.00 is set up");
  await expect(thanks).toContainText(`Your next gift will be taken on ${nextCharge}.`);
  await expect(page.getByRole("link", { name: "Change, pause or cancel your gift" })).toHaveAttribute(
    "href",
    /^\/giving\/manage\/[^/]+\/$/,
  );
  await expectAccessible(page);
  await screenshot(page, "manage-thank-you");

  // the email that starts the gift brings the link; it opens the gift, signed out
  await expect.poll(() => manageLinks(email).length).toBe(1);
  const [link] = manageLinks(email);
  await page.goto(link!);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your regular gift");
  await expect(page.getByText(/^\$20\.00 each month to /)).toBeVisible();
  await expect(page.getByText(nextCharge, { exact: true })).toBeVisible();
  const invitation = page.getByRole("main").getByRole("link", { name: "Create an account" });
  await expect(invitation).toHaveAttribute("href", `/account/sign-up/?email=${encodeURIComponent(email)}`);
  await expectAccessible(page);
  await expectNoSideways(page, DESKTOP.width);
  await screenshot(page, "manage-gift-desktop");

  // on a phone: the amount changed
  await page.setViewportSize(PHONE);
  await page.getByLabel("New amount each time").fill("25");
  await page.getByRole("button", { name: "Change amount" }).click();
  await expect(page.getByRole("status")).toHaveText("Done: your gift is now $25.00 each month.");
  await expect(page.getByText(/^\$25\.00 each month to /)).toBeVisible();

  // paused for two months: the day it resumes is shown
  await page.getByRole("radio", { name: "2 months" }).check();
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(
    `Paused until ${pausedUntil}. Your next gift will be taken on ${pausedUntil}.`,
  );
  await expect(page.getByText(`Paused until ${pausedUntil}. Your gifts resume by themselves on that day.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Resume now" })).toBeVisible();
  await expectAccessible(page);
  await expectNoSideways(page, PHONE.width);
  await screenshot(page, "manage-gift-paused-phone");

  // cancelling offers a lower amount first
  await page.getByRole("button", { name: "Cancel my gift" }).click();
  await expect(page.getByText("Would $10.00 each month help instead?")).toBeVisible();
  await expect(page.getByRole("button", { name: "Yes, change it to $10.00" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "manage-gift-offer-phone");
  // declined: the confirmation, then cancelled
  await page.getByRole("button", { name: "No, cancel my gift" }).click();
  await page.getByLabel("Why are you cancelling? (optional)").fill("Moving abroad");
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.getByRole("status")).toHaveText(/Your regular gift is cancelled/);
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel my gift" })).toHaveCount(0);
  await expectAccessible(page);
  await expectNoSideways(page, PHONE.width);
  await screenshot(page, "manage-gift-cancelled-phone");

  // the link no longer works
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This gift was cancelled");
  await expectAccessible(page);

  // the invitation to an account leads to sign-up with the gift's address filled in
  await page.goto(url(`/account/sign-up/?email=${encodeURIComponent(email)}`));
  await expect(page.getByLabel("Email address", { exact: true })).toHaveValue(email);
});
