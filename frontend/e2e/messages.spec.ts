/**
 * Messages read again. A member opens the portal's messages page and reads the emails Steward sent them (a
 * newsletter copy and a receipt, sent on the e2e Django by its own services, as a campaign send and a gift record
 * do); a visitor opens the newsletter archive (a Wagtail page) and reads a past newsletter, with nobody's details
 * in it. Both on a desktop and at phone size.
 */
import { type Page, expect, test } from "@playwright/test";

import { django, expectAccessible, screenshot, url } from "./support";

const PASSWORD = "Letters-from-the-river-Mekong-5";
const run = Date.now();
const READER = `e2e-messages-${run}@example.org`;
const SUBSCRIBER = `e2e-archive-${run}@example.org`;
const NEWSLETTER = `River news ${run} for {{ first_name | friends }}`;
const ARCHIVED = `Archive issue ${run} for {{ first_name | friends }}`;

/**
 * A person with this address who agreed to the newsletter (and, with a password, an account), sent a newsletter
 * of this subject through the campaign services (to them alone: a segment of a tag only they carry) and, with a
 * gift, its receipt through the outbox. Prints the receipt's subject.
 */
function sentTo(address: string, subject: string, options: { password?: string; inArchive?: boolean; gift?: boolean }): string {
  const output = django(`
from decimal import Decimal

from django.contrib.auth.models import User

from steward.communications import campaigns
from steward.communications.models import EmailCampaign, SenderAddress
from steward.core.links import frontend_url
from steward.core.models import OutboxMessage
from steward.donations import gifts
from steward.donations.money import base_currency
from steward.members.services import consent_record, constituent_create
from steward.reports.services import segment_save

tag = "e2e-${run}-" + "${address}".split("@")[0]
person = constituent_create(emails=["${address}"], given_name="Oyuna", family_name="Letters", source="e2e", tags=[tag])
if ${options.password ? "True" : "False"}:
    user = User.objects.create_user(username="${address}", email="${address}", password="${options.password ?? ""}", first_name="Oyuna")
    person.user = user
    person.save(update_fields=["user", "updated_at"])
consent_record(constituent=person, channel="email", topic="newsletter", granted=True, source="e2e", wording="Email me the newsletter.")
segment = segment_save(name=tag, conditions={"field": "tags", "tags": [tag]})
sender, _ = SenderAddress.objects.get_or_create(email="news@example.org", defaults={"name": "Riverbank Trust"})
campaign = EmailCampaign.objects.create(
    name="e2e " + tag,
    subject="${subject}",
    preheader="What we did on the river",
    sender=sender,
    in_archive=${options.inArchive ? "True" : "False"},
    body=[
        {"type": "heading", "value": {"text": "Hello {{ first_name | friends }}", "level": "h1"}},
        {"type": "text", "value": "<p>The river walk was a joy: {{ lifetime_giving | every gift helps }}.</p>"},
        {"type": "button", "value": {"text": "Read the news", "url": frontend_url("/news/")}},
    ],
)
campaign.segments.add(segment)
campaigns.campaign_send(campaign=campaign)
campaign.refresh_from_db()
assert campaign.status == "sent", campaign.status
if ${options.gift ? "True" : "False"}:
    gifts.gift_record(constituent=person, amount=Decimal("25.00"), currency=base_currency(), fund=gifts.default_fund(), method="cheque")
    receipt = OutboxMessage.objects.get(kind="receipt", constituent_id=person.pk)
    assert receipt.status == "sent", receipt.status
    print("RECEIPT=" + receipt.subject)
print("DONE")
`);
  if (!output.includes("DONE")) throw new Error(`The setup did not finish:\n${output}`);
  return output.split("\n").find((line) => line.startsWith("RECEIPT="))?.slice("RECEIPT=".length).trim() ?? "";
}

/** The newsletter archive page under the home page (once; not in the menu, which other tests read). */
function archivePage(): void {
  django(`
from steward.communications.models import NewsletterArchivePage
from steward.site.models import HomePage

if not NewsletterArchivePage.objects.exists():
    page = NewsletterArchivePage(title="Newsletters", slug="newsletters", intro="Every past issue of our newsletter.")
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
`);
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(url("/account/sign-in/"));
  const form = page.getByRole("form", { name: "Sign in with your password" });
  await form.getByLabel("Email address").fill(email);
  await form.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/portal\/$/);
}

async function expectNoSideways(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()?.width ?? 390);
}

test("a member reads the emails we sent them, on a desktop and on a phone", async ({ page, context }) => {
  const receiptSubject = sentTo(READER, NEWSLETTER, { password: PASSWORD, gift: true });
  const newsletterSubject = `River news ${run} for Oyuna`;
  await signIn(page, READER);

  // the portal's nav leads to the messages, newest first: the receipt (sent last), then the newsletter
  await page.getByRole("navigation", { name: "Member portal" }).getByRole("link", { name: "Messages" }).click();
  await expect(page).toHaveURL(/\/portal\/messages\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your messages");
  await expect(page.getByRole("status")).toHaveText("2 messages");
  const rows = page.getByTestId("message");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(receiptSubject);
  await expect(rows.nth(0)).toContainText("Receipt");
  await expect(rows.nth(1)).toContainText(newsletterSubject);
  await expect(rows.nth(1)).toContainText("Newsletter");
  await expect(rows.nth(1)).toContainText("Sent");
  await expectAccessible(page);
  await screenshot(page, "portal-messages");

  // she reads the newsletter as it was sent to her
  await rows.nth(1).getByRole("link", { name: newsletterSubject }).click();
  await expect(page).toHaveURL(/\/mail\/view\/[^/]+\/$/);
  await expect(page.getByRole("heading", { name: "Hello Oyuna" })).toBeVisible();
  await expect(page.getByText("The river walk was a joy")).toBeVisible();
  await page.goBack();

  // and the receipt, in the sandbox a sent message opens in
  const receiptLink = page.getByTestId("message").nth(0).getByRole("link", { name: receiptSubject });
  const [response] = await Promise.all([page.waitForResponse(/\/mail\/sent\//), receiptLink.click()]);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-security-policy"]).toContain("sandbox");
  await expect(page).toHaveURL(/\/mail\/sent\/[^/]+\/$/);
  await expect(page.locator("body")).toContainText("25");
  await page.goBack();

  // on a phone each message is a card, nothing sideways
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId("message")).toHaveCount(2);
  await expect(page.getByTestId("message").nth(1).getByRole("link", { name: newsletterSubject })).toBeVisible();
  await expectNoSideways(page);
  await expectAccessible(page);
  await screenshot(page, "portal-messages-phone");
  await page.getByTestId("message").nth(1).getByRole("link", { name: newsletterSubject }).click();
  await expect(page.getByRole("heading", { name: "Hello Oyuna" })).toBeVisible();
  await expectNoSideways(page);
  await page.goBack();

  // in Mongolian
  await context.addCookies([{ name: "locale", value: "mn", url: url("/") }]);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Таны мессежүүд");
  await expect(page.getByTestId("message").nth(0)).toContainText("Баримт");
  await expect(page.getByTestId("message").nth(1)).toContainText("Мэдээллийн товхимол");
  await expectAccessible(page);

  // a link copied and mangled opens nothing
  const href = await page.getByTestId("message").nth(0).getByRole("link").getAttribute("href");
  const mangled = await page.request.get(`${href?.replace(/.\/$/, "x/")}`);
  expect(mangled.status()).toBe(404);
});

test("a member with no messages yet is told so", async ({ page }) => {
  const address = `e2e-no-messages-${run}@example.org`;
  django(`
from django.contrib.auth.models import User
from steward.members.services import constituent_create

user = User.objects.create_user(username="${address}", email="${address}", password="${PASSWORD}", first_name="Bat")
person = constituent_create(emails=["${address}"], given_name="Bat", family_name="Quiet", source="e2e")
person.user = user
person.save(update_fields=["user", "updated_at"])
`);
  await signIn(page, address);
  await page.goto(url("/portal/messages/"));
  await expect(page.getByText("We have not sent you any emails yet.")).toBeVisible();
  await expect(page.getByTestId("message")).toHaveCount(0);
  await expectAccessible(page);
});

test("a visitor reads a past newsletter in the archive, with nobody's details in it, on a phone too", async ({ page }) => {
  archivePage();
  sentTo(SUBSCRIBER, ARCHIVED, { inArchive: true });
  sentTo(`e2e-not-archived-${run}@example.org`, `Not for the archive ${run}`, { inArchive: false });
  const subject = `Archive issue ${run} for friends`;

  await page.goto(url("/newsletters/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Newsletters");
  await expect(page.getByText("Every past issue of our newsletter.")).toBeVisible();
  const first = page.getByTestId("newsletter").first();
  await expect(first.getByRole("heading", { level: 2 })).toHaveText(subject);
  await expect(first).toContainText("What we did on the river");
  await expect(page.getByText(`Not for the archive ${run}`)).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "newsletter-archive");

  // the newsletter, every merge tag at its fallback, in the sandbox (no script)
  const [copy] = await Promise.all([page.waitForResponse(/\/mail\/archive\//), first.getByRole("link", { name: subject }).click()]);
  expect(copy.headers()["content-security-policy"]).toContain("sandbox");
  await expect(page).toHaveURL(/\/mail\/archive\/\d+\/$/);
  await expect(page.getByRole("heading", { name: "Hello friends" })).toBeVisible();
  await expect(page.getByText("every gift helps")).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain("Oyuna");
  expect(html).not.toContain(SUBSCRIBER);
  expect(html).not.toMatch(/\/mail\/(click|open|unsubscribe|preferences|view)\//);
  // (its link straight to where it leads: nothing tracked)
  await expect(page.getByRole("link", { name: "Read the news" })).toHaveAttribute("href", url("/news/"));

  // on a phone
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url("/newsletters/"));
  await expect(page.getByTestId("newsletter").first().getByRole("link", { name: subject })).toBeVisible();
  await expectNoSideways(page);
  await expectAccessible(page);
  await screenshot(page, "newsletter-archive-phone");
  await page.getByTestId("newsletter").first().getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { name: "Hello friends" })).toBeVisible();
  await expectNoSideways(page);
});
