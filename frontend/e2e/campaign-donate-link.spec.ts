/**
 * A campaign email's donate link, followed in the browser: the campaign is sent on the e2e Django with its own
 * services (to one reader, through the file mail backend), the donate link is taken from the email as it was written,
 * and the donate page it opens is filled in with the reader's name and address; the gift made there carries the
 * email's appeal and counts in the campaign's report. A link whose token is forged fills in nothing and says nothing.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { cardReady, django, expectAccessible, fillCard, screenshot, url } from "./support";

const run = Date.now();
const ADDRESS = `e2e-reader-${run}@example.org`;
const CODE = `E2E-SPRING-${run}`;

/** One reader who agreed to the newsletter, a segment of just them, and a campaign to them with a donate button;
 * sent. Prints the campaign's id. */
function sendCampaign(): number {
  const output = django(`
from steward.communications import campaigns
from steward.communications.models import EmailCampaign, SenderAddress
from steward.donations.models import Appeal
from steward.members.services import consent_record, constituent_create
from steward.reports.services import segment_save

appeal = Appeal.objects.create(code="${CODE}", name="Spring email (e2e)", channel=Appeal.Channel.EMAIL)
reader = constituent_create(emails=["${ADDRESS}"], given_name="Saruul", family_name="Enkhbold", tags=["e2e-${run}"], source="e2e")
consent_record(constituent=reader, channel="email", topic="newsletter", granted=True, source="e2e", wording="Send me the newsletter.")
segment = segment_save(name="E2E donate link ${run}", conditions={"field": "tags", "tags": ["e2e-${run}"]})
sender, _ = SenderAddress.objects.get_or_create(email="news@steward.example", defaults={"name": "Steward"})
campaign = EmailCampaign.objects.create(
    name="Spring appeal ${run}",
    subject="Spring at the river, {{ first_name | friend }}",
    sender=sender,
    body=[
        {"type": "heading", "value": {"text": "Hello {{ first_name | friend }}", "level": "h1"}},
        {"type": "donate", "value": {"text": "Give now", "campaign": ""}},
    ],
    appeal_code=appeal.code,
)
campaign.segments.add(segment)
campaigns.campaign_send(campaign=campaign)
print("CAMPAIGN=" + str(campaign.pk))
`);
  const line = output.split("\n").find((item) => item.startsWith("CAMPAIGN="));
  if (!line) throw new Error(`The setup printed no CAMPAIGN:\n${output}`);
  return Number(line.slice("CAMPAIGN=".length));
}

/** A MIME part's body as a mail program shows it: quoted-printable or base64 undone, as UTF-8. */
function decoded(headers: string, body: string): string {
  if (/^Content-Transfer-Encoding:\s*base64/im.test(headers)) return Buffer.from(body, "base64").toString("utf8");
  if (/^Content-Transfer-Encoding:\s*quoted-printable/im.test(headers)) {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

/** The HTML part of the latest email to `to` (Django's file backend: one file per connection, messages between rules). */
function latestHtmlTo(to: string): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set");
  const raw = readdirSync(dir)
    .sort()
    .flatMap((file) => readFileSync(path.join(dir, file), "utf8").split(/^-{79}$/m))
    .filter((message) => new RegExp(`^To: ${to.replace(/[.+]/g, "\\$&")}$`, "mi").test(message))
    .at(-1);
  if (!raw) throw new Error(`No email to ${to}`);
  const boundary = /boundary="?([^";\s]+)"?/.exec(raw)?.[1];
  const parts = boundary ? raw.split(`--${boundary}`) : [raw];
  for (const part of parts) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split);
    if (/^Content-Type:\s*text\/html/im.test(headers)) return decoded(headers, part.slice(split).trimStart());
  }
  throw new Error(`The email to ${to} has no HTML part`);
}

/** The href of the email's donate button, as a link the reader follows. */
function donateLink(to: string): URL {
  const href = /href="([^"]*\/donate\/\?[^"]*)"/.exec(latestHtmlTo(to))?.[1];
  if (!href) throw new Error(`No donate link in the email to ${to}`);
  return new URL(href.replace(/&amp;/g, "&"));
}

let campaignId = 0;
let emailed: URL;

test.beforeAll(() => {
  campaignId = sendCampaign();
  emailed = donateLink(ADDRESS);
});

test("a campaign email's donate link fills in the form, and the gift carries its appeal", async ({ page }) => {
  const link = new URL(emailed);
  expect(link.pathname).toBe("/donate/");
  expect(link.searchParams.get("source")).toBe(CODE);
  expect(link.searchParams.get("r")).toBeTruthy();

  // the reader opens the link from their email: signed out, the form already knows who they are
  await page.goto(url(`${link.pathname}${link.search}`));
  await cardReady(page);
  await expect(page.getByLabel("Given name")).toHaveValue("Saruul");
  await expect(page.getByLabel("Family name")).toHaveValue("Enkhbold");
  await expect(page.getByLabel("Email address", { exact: true })).toHaveValue(ADDRESS);
  // the personal token leaves the address bar (a copied address fills in nothing for anyone else); the code stays
  await expect.poll(() => new URL(page.url()).searchParams.has("r")).toBe(false);
  expect(new URL(page.url()).searchParams.get("source")).toBe(CODE);
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  await expectAccessible(page);
  await screenshot(page, "donate-from-campaign-email");

  // they give with what was filled in
  await page.getByRole("radio", { name: "$25.00", exact: true }).check();
  await fillCard(page);
  await page.getByRole("button", { name: "Give $25.00" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!");

  // the gift is theirs, paid, under the email's appeal, and the campaign's report counts it
  const output = django(`
from steward.communications.campaign_reports import campaign_report
from steward.communications.models import EmailCampaign
from steward.donations.models import Gift

gift = Gift.objects.select_related("appeal", "constituent").get(constituent__emails__address="${ADDRESS}")
print("GIFT=" + "|".join([gift.status, str(gift.amount), gift.appeal.code if gift.appeal else "", gift.constituent.given_name]))
attributed = campaign_report(EmailCampaign.objects.get(pk=${campaignId})).attributed
print("ATTRIBUTED=" + "|".join(str(value) for value in [attributed.gifts, attributed.donors, attributed.from_recipients]))
`);
  expect(output).toContain(`GIFT=succeeded|25.00|${CODE}|Saruul`);
  expect(output).toContain("ATTRIBUTED=1|1|1");
});

test("a donate link whose token is forged fills in nothing and shows no error", async ({ page }) => {
  const link = new URL(emailed);
  const token = link.searchParams.get("r") ?? "";
  link.searchParams.set("r", `${token.slice(0, -4)}AAAA`);
  await page.goto(url(`${link.pathname}${link.search}`));
  await cardReady(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Make a donation");
  await expect(page.getByLabel("Given name")).toHaveValue("");
  await expect(page.getByLabel("Family name")).toHaveValue("");
  await expect(page.getByLabel("Email address", { exact: true })).toHaveValue("");
  await expect(page.getByTestId("error-summary")).toHaveCount(0);
  await expect(page.locator(".field-error")).toHaveCount(0);
});
