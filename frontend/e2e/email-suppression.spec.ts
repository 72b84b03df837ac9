/**
 * Nothing reaches a member's address (it bounced, a message was marked as spam, or staff stopped messages): the
 * preferences page says so above the email choices, in plain words, and a member whose address works again starts
 * messages themselves; a stop staff made is theirs to lift. The stops are made on the e2e Django with its own
 * services, as the mail provider's reports and the admin make them (no page of the portal makes one).
 */
import { type Page, expect, test } from "@playwright/test";

import { django, expectAccessible, screenshot, url } from "./support";

const PASSWORD = "Returned-mail-in-Chiang-Mai-3";
const run = Date.now();
const BOUNCED = `e2e-bounced-${run}@example.org`;
const COMPLAINED = `e2e-complained-${run}@example.org`;
const HEADING = "Messages to your email address are stopped";

/** A member with an account and this primary address, and a stop on it for `reason`; prints when it started. */
function memberWithStop(address: string, reason: string): string {
  const output = django(`
from django.contrib.auth.models import User
from steward.members.services import constituent_create, suppression_add

user = User.objects.create_user(username="${address}", email="${address}", password="${PASSWORD}", first_name="Malee")
person = constituent_create(emails=["${address}"], given_name="Malee", family_name="Returned", source="e2e")
person.user = user
person.save(update_fields=["user", "updated_at"])
suppression, _ = suppression_add(address="${address}", reason="${reason}")
print("SINCE=" + suppression.created_at.isoformat())
`);
  const line = output.split("\n").find((item) => item.startsWith("SINCE="));
  if (!line) throw new Error(`The setup printed no SINCE:\n${output}`);
  return line.slice("SINCE=".length).trim();
}

/** Whether a stop is in force on the address, as Django sees it. */
function stopped(address: string): boolean {
  const output = django(`
from steward.members.models import EmailSuppression
print("STOPPED=" + str(EmailSuppression.objects.filter(address="${address}", lifted_at__isnull=True).exists()))
`);
  return output.includes("STOPPED=True");
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

test("a member whose address bounced is told why, on a phone, and starts messages again", async ({ page }) => {
  const since = memberWithStop(BOUNCED, "hard_bounce");
  const day = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(new Date(since));

  await page.setViewportSize({ width: 360, height: 780 });
  await signIn(page, BOUNCED);
  await page.goto(url("/portal/preferences/"));

  // a named region above the email choices: what is stopped, why and since when, and how to fix it
  const notice = page.getByRole("region", { name: HEADING });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(`Since ${day} we have sent nothing to ${BOUNCED}: the address did not accept our mail`);
  await expect(notice).toContainText("not even receipts");
  await expect(notice.getByRole("link", { name: "Change your email address" })).toHaveAttribute("href", "/portal/profile/#primary-email");
  const noticeBox = await notice.boundingBox();
  const firstEmailChoice = await page.getByLabel("Email me the newsletter").boundingBox();
  expect(noticeBox && firstEmailChoice && noticeBox.y + noticeBox.height <= firstEmailChoice.y).toBe(true);
  await expectNoSideways(page);
  await expectAccessible(page);
  await screenshot(page, "preferences-email-bounced-phone");

  // the member says the address works again: the notice goes, a status line says so and has the focus
  await notice.getByRole("button", { name: "My address works again — start messages" }).click();
  const status = page.getByRole("status").filter({ hasText: `Messages to ${BOUNCED} have started again.` });
  await expect(status).toBeVisible();
  await expect(status).toBeFocused();
  await expect(page.getByRole("region", { name: HEADING })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "preferences-email-resubscribed-phone");
  expect(stopped(BOUNCED)).toBe(false);

  // and it stays so
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Communication preferences");
  await expect(page.getByRole("region", { name: HEADING })).toHaveCount(0);
});

test("a stop staff made is theirs to lift: the member is told to contact us, in their language", async ({ page, context }) => {
  memberWithStop(COMPLAINED, "complaint");
  await signIn(page, COMPLAINED);
  await page.goto(url("/portal/preferences/"));
  const notice = page.getByRole("region", { name: HEADING });
  await expect(notice).toContainText("one of our messages to it was marked as spam");
  const button = notice.getByRole("button", { name: "I want your messages — start them again" });
  await expect(button).toBeEnabled();

  // meanwhile staff lift the complaint and stop messages themselves: the button is refused, in words, beside it
  django(`
from steward.members.models import EmailSuppression
from steward.members.services import suppression_add, suppression_lift

suppression_lift(suppression=EmailSuppression.objects.get(address="${COMPLAINED}", lifted_at__isnull=True), reason="e2e")
suppression_add(address="${COMPLAINED}", reason="manual", detail="Asked by phone to stop all email.")
`);
  await button.click();
  const refusal = page.getByRole("alert").filter({
    hasText: "Our staff stopped messages to this address, so only they can start them again: please contact us.",
  });
  await expect(refusal).toBeVisible();
  await expect(refusal).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, "preferences-email-staff-only-refused");
  expect(stopped(COMPLAINED)).toBe(true);

  // on the next visit the notice says staff stopped them and to contact us, with no button
  await page.reload();
  await expect(notice).toContainText("our staff stopped messages to it");
  await expect(notice).toContainText("Only our staff can start messages to this address again: please contact us");
  await expect(notice.getByRole("button")).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "preferences-email-staff-stopped");

  // in Thai
  await context.addCookies([{ name: "locale", value: "th", url: url("/") }]);
  await page.reload();
  const thaiNotice = page.getByRole("region", { name: "ข้อความถึงอีเมลของคุณถูกหยุดไว้" });
  await expect(thaiNotice).toContainText("เจ้าหน้าที่ของเราหยุดการส่งไว้");
  await expect(thaiNotice).toContainText("โปรดติดต่อเรา");
  await expectAccessible(page);

  // the link leads to the email field of the profile
  await thaiNotice.getByRole("link", { name: "เปลี่ยนอีเมลของคุณ" }).click();
  await expect(page).toHaveURL(/\/portal\/profile\/#primary-email$/);
  await expect(page.locator("#primary-email")).toHaveValue(COMPLAINED);
});
