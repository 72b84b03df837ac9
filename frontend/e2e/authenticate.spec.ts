/**
 * A recurring donor's card needs 3-D Secure for an off-session charge: they open the emailed link, complete the
 * bank's check (localstripe's Stripe.js stands in for the bank's page) and are told it is paid; a bad or an old link
 * says so. The charge is made on the e2e Django with its own services (there is no page that runs the schedule).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

import { type Page, expect, test } from "@playwright/test";

import { django, expectAccessible, screenshot, url } from "./support";

const DONOR = "authenticating.donor@example.org";

/**
 * A monthly gift paid today with a card that needs nothing, its card then changed to one whose bank wants 3-D
 * Secure, and its next charge run off-session as the schedule runs it: it waits for the donor, who is emailed.
 * Prints the link the email carries (and one made 15 days ago, to test expiry), made as the email makes it.
 */
const SETUP = `
import time
from unittest import mock

import stripe
from django.conf import settings

from steward.core.dates import organisation_today
from steward.donations import gifts, online, payments, recurring
from steward.donations.models import RecurringCharge, RecurringGift
from steward.members.services import constituent_create

sdk = stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE})

def card(number):
    details = {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}
    return sdk.v1.payment_methods.create({"type": "card", "card": details}).id

donor = constituent_create(emails=["${DONOR}"], given_name="Ratana", family_name="Monthly", source="e2e")
today = organisation_today()
plan = online.recurring_gift_start(
    constituent=donor, amount="18.00", currency="USD", frequency=RecurringGift.Frequency.MONTHLY,
    fund=gifts.default_fund(), payment_method_id=card("4242424242424242"), today=today,
).recurring_gift
needs_3ds = payments.payment_method_save(constituent=donor, payment_method_id=card("4000002500003155"))
plan = recurring.recurring_gift_update(recurring_gift=plan, payment_method=needs_3ds, today=today)
plan.refresh_from_db()
due = plan.next_charge_date
recurring.recurring_charges_schedule(today=due)
charge = RecurringCharge.objects.get(recurring_gift=plan, due_date=due)
online.recurring_charge_run(charge_id=charge.pk, today=due)
charge.refresh_from_db()
assert charge.status == RecurringCharge.Status.REQUIRES_ACTION, charge.status
print("LINK=" + recurring.authentication_link(charge))
with mock.patch("django.core.signing.time.time", return_value=time.time() - 15 * 86400):
    print("EXPIRED=" + recurring.authentication_link(charge))
`;

function printed(output: string, name: string): string {
  const line = output.split("\n").find((item) => item.startsWith(`${name}=`));
  if (!line) throw new Error(`The setup printed no ${name}:\n${output}`);
  return line.slice(name.length + 1).trim();
}

/** The authentication links in the emails Django wrote to `to`. */
function emailedLinks(to: string): string[] {
  const dir = process.env.E2E_MAIL_DIR ?? "";
  return readdirSync(dir)
    .flatMap((file) => readFileSync(path.join(dir, file), "utf8").split(/^-{79}$/m))
    .filter((message) => new RegExp(`^To: ${to.replace(/[.+]/g, "\\$&")}$`, "mi").test(message))
    .flatMap((message) => message.match(/https?:\/\/\S+\/giving\/authenticate\/\S+/g) ?? []);
}

async function expectNoSideways(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
}

test("a donor confirms a recurring payment from the emailed link; a bad or an old link says so", async ({ page }) => {
  const output = django(SETUP);
  const link = printed(output, "LINK");
  expect(emailedLinks(DONOR)).toContain(link);

  // on a phone, not signed in: the charge, the card, and a button to confirm it
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Confirm your payment");
  await expect(page.getByText("Monthly gift to")).toBeVisible();
  await expect(page.getByText("$18.00")).toBeVisible();
  await expect(page.getByText("visa ending 3155")).toBeVisible();
  await expectAccessible(page);
  await expectNoSideways(page);
  await screenshot(page, "authenticate-charge");

  // the bank's check (localstripe's dialog), completed: thanked
  await page.getByRole("button", { name: "Confirm the payment" }).click();
  await page.getByRole("button", { name: "Complete authentication" }).click();
  await expect(page.getByRole("status").filter({ hasText: "your payment of $18.00 is confirmed" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to your giving" })).toHaveAttribute("href", "/portal/giving/");
  await expectAccessible(page);
  await expectNoSideways(page);
  await screenshot(page, "authenticate-charge-done");

  // the link again: already paid, nothing to do and no second charge
  await page.goto(link);
  await expect(page.getByRole("status")).toContainText("This payment is already complete");
  await expect(page.getByRole("button", { name: "Confirm the payment" })).toHaveCount(0);

  // a damaged link and an old one
  await page.goto(url("/giving/authenticate/not-a-real-token/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link does not work");
  await expect(page.locator(".alert[role=alert]")).toContainText("This link is not valid");
  await expect(page.getByRole("link", { name: "Go to your giving" })).toBeVisible();
  await expectAccessible(page);
  await expectNoSideways(page);
  await screenshot(page, "authenticate-charge-invalid");
  await page.goto(printed(output, "EXPIRED"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link has expired");
  await expectNoSideways(page);
});
