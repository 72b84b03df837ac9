/**
 * Campaign email, end to end: staff compose a campaign in the Wagtail admin with blocks (through the StreamField
 * UI), a misspelt merge tag is refused at save, they preview it at desktop and phone widths and as a chosen person,
 * send a test to a staff address, send it to a segment and read its report and recipients. Then a reader follows the
 * links of the email they got (the web version, the preferences page, the unsubscribe page), at desktop and phone
 * sizes: the unsubscribe link's GET only asks; the button unsubscribes. Last, the demo's own campaigns: the sent
 * newsletter's report has figures and a chart, and the draft appeal previews.
 *
 * The readers are made on the e2e Django with its services (no page makes people with a tag: one `manage.py shell`,
 * which takes seconds to start); the email is what Django's file backend wrote (Celery runs eagerly there, so
 * "Send now" has sent every copy when the page answers).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

import { type Browser, type Frame, type Page, expect, test } from "@playwright/test";

import { django, djangoUrl, expectAccessible, screenshot, signInToAdmin, url } from "./support";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const run = Date.now();
const TAG = `e2e-campaign-${run}`;
const SEGMENT = `E2E campaign readers ${run}`;
const CAMPAIGN = `Garden news ${run}`;
// a long address with no place to break it but the dots: the pages that show it must still fit a phone
const READER = `noi.gardener.${run}.newsletter@example.org`;
const SECOND_READER = `e2e-campaign-${run}-bat@example.org`;
const STAFF_ADDRESS = `e2e-campaign-${run}-staff@example.org`;
const SENDER = "Steward Demo Society <news@example.org>"; // the demo's sender address (steward/communications/demo.py)

test.describe.configure({ mode: "serial" });

/** Two readers who agreed to the newsletter and one who did not, all tagged, and a segment of the tag; prints ids. */
function readersAndSegment(): { reader: string } {
  const output = django(`
from steward.members.services import consent_record, constituent_create
from steward.reports.services import segment_save

def person(address, given, consents):
    made = constituent_create(emails=[address], given_name=given, family_name="Gardener", source="e2e", tags=["${TAG}"])
    if consents:
        consent_record(constituent=made, channel="email", topic="newsletter", granted=True, source="e2e", wording="Email me the newsletter.")
    return made

reader = person("${READER}", "Noi", True)
person("${SECOND_READER}", "Bat", True)
person("e2e-campaign-${run}-quiet@example.org", "Mei", False)
segment_save(name="${SEGMENT}", conditions={"field": "tags", "tags": ["${TAG}"]})
print("READER=" + str(reader.pk))
`);
  const line = output.split("\n").find((item) => item.startsWith("READER="));
  if (!line) throw new Error(`The setup printed no READER:\n${output}`);
  return { reader: line.slice("READER=".length).trim() };
}

/** The messages Django's file backend wrote to `to`, in order (quoted-printable soft breaks joined). */
function mailTo(to: string): string[] {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set");
  return readdirSync(dir)
    .sort()
    .flatMap((file) => readFileSync(path.join(dir, file), "utf8").split(/^-{79}$/m))
    .filter((message) => new RegExp(`^To: ${to.replace(/[.+]/g, "\\$&")}$`, "mi").test(message))
    .map((message) => message.replace(/=\r?\n/g, ""));
}

/** The campaign link of this kind (view, preferences, unsubscribe, click) in a message. */
function mailLink(message: string, kind: string): string {
  const link = message.match(new RegExp(`https?://[^\\s"'<>()]+/mail/${kind}/[^\\s"'<>()/]+/(?:\\d+/)?`))?.[0];
  if (!link) throw new Error(`No /mail/${kind}/ link in:\n${message.slice(0, 3000)}`);
  return link;
}

/** No sideways scrolling: the page (or a preview's frame) is no wider than its window, `width` when given. */
async function fitsTheScreen(page: Page | Frame, width?: number): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  if (width !== undefined) expect(innerWidth).toBe(width);
  expect(scrollWidth, `${page.url()} is ${scrollWidth}px wide on a ${innerWidth}px screen`).toBeLessThanOrEqual(innerWidth);
}

async function newPage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: "en-GB" });
  return context.newPage();
}

/** Add a block of this kind at the end of the campaign's body (the StreamField's last "Insert a block" button). */
async function addBlock(page: Page, kind: string): Promise<void> {
  await page.getByRole("button", { name: "Insert a block" }).last().click();
  await page.getByRole("option", { name: kind, exact: true }).click();
}

/** The frame an iframe of the preview page shows, once its campaign has loaded. */
async function previewFrame(page: Page, title: string): Promise<Frame> {
  const frame = await page.getByTitle(title).elementHandle().then((handle) => handle?.contentFrame());
  if (!frame) throw new Error(`No ${title} frame`);
  await frame.waitForLoadState();
  return frame;
}

let readerId = "";

test("staff compose a campaign with blocks, preview it, send a test, send it to a segment and read its report", async ({ page }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  ({ reader: readerId } = readersAndSegment());
  await signInToAdmin(page);

  // composed: subject, sender, topic, segment, and heading, rich text, button and donate blocks
  await page.goto(djangoUrl("/admin/communications/campaigns/new/"));
  await page.getByRole("textbox", { name: /^Name/ }).fill(CAMPAIGN);
  await page.getByRole("textbox", { name: "Subject", exact: true }).fill("News from the gardens for {{ first_name | friends }}");
  await page.getByRole("textbox", { name: "Preheader" }).fill("Four hundred trees, and a garden in every district.");
  await page.getByRole("combobox", { name: "Sender" }).selectOption({ label: SENDER });
  await page.getByRole("combobox", { name: /^Topic/ }).selectOption({ label: "Newsletter" });
  await page.getByRole("listbox", { name: "Segments", exact: true }).selectOption({ label: SEGMENT });
  await page.getByRole("textbox", { name: "Appeal code" }).fill(`E2E${run}`);
  await addBlock(page, "Heading");
  await page.locator("[name=body-0-value-text]").fill("Hello {{ frist_name | friend }}");
  await page.locator("[name=body-0-value-level]").selectOption({ label: "Large" });
  await addBlock(page, "Text");
  const editor = page.locator(".DraftEditor-root [contenteditable=true]");
  await editor.click();
  await page.keyboard.type("We planted 400 trees this spring. Thank you for helping.");
  await addBlock(page, "Button");
  await page.locator("[name=body-2-value-text]").fill("See the gardens");
  await page.locator("[name=body-2-value-url]").fill(url("/gardens/"));
  await addBlock(page, "Donate");
  await page.locator("[name=body-3-value-text]").fill("Plant a tree");
  await page.locator("[name=body-3-value-campaign]").selectOption({ label: "A garden in every district" });
  await screenshot(page, "admin-campaign-compose");

  // the misspelt merge tag is refused at save, naming it; corrected, the campaign saves
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByText(/merge tags? .*\{\{ frist_name \}\}/).first()).toBeVisible();
  await expect(page.locator("[name=body-2-value-text]")).toHaveValue("See the gardens"); // the blocks were kept
  await page.locator("[name=body-0-value-text]").fill("Hello {{ first_name | friend }}");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/communications\/campaigns\/$/);
  await page.getByRole("link", { name: CAMPAIGN, exact: true }).click();
  await expect(page).toHaveURL(/\/campaigns\/inspect\/\d+\/$/);
  const inspectUrl = page.url();

  // the inspect page: who would receive it, and who is left out and why
  await expect(page.locator("#campaign-state")).toHaveText("Draft");
  await expect(page.locator("[data-figure=campaign-audience]")).toHaveText("2 people would receive it now.");
  await expect(page.getByText("1 — no consent to email about newsletter")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "admin-campaign-inspect-draft");

  // preview: desktop and phone widths, a sample reader, then as a chosen person with the merge tags filled
  await page.getByRole("link", { name: "Preview", exact: true }).click();
  for (const [title, width] of [
    ["Desktop preview", 640],
    ["Phone preview", 375],
  ] as const) {
    expect((await page.getByTitle(title).boundingBox())?.width).toBeCloseTo(width, -1);
    const frame = await previewFrame(page, title);
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText("Hello friend");
    await expect(frame.getByText("We planted 400 trees this spring.")).toBeVisible();
    await expect(frame.getByRole("link", { name: "See the gardens" })).toBeVisible();
    await expect(frame.getByRole("link", { name: "Plant a tree" })).toBeVisible();
    await expect(frame.getByText(/A garden in every district: .* raised/)).toBeVisible();
  }
  await page.getByLabel("As the person with id").fill(readerId);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]as=${readerId}$`));
  for (const title of ["Desktop preview", "Phone preview"]) {
    const frame = await previewFrame(page, title);
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText("Hello Noi");
  }
  // (Wagtail's border-box sizing leaves the phone frame 373 px inside its 375 px)
  await fitsTheScreen(await previewFrame(page, "Phone preview"));
  await screenshot(page, "admin-campaign-preview");
  await page.getByRole("link", { name: "Back to the campaign" }).click();

  // a test to a staff address: the email file appears, its subject marked [Test], the tags given their fallbacks
  await page.getByLabel("Send a test to").fill(STAFF_ADDRESS);
  await page.getByRole("button", { name: "Send a test" }).click();
  await expect(page.getByText(`A test was sent to ${STAFF_ADDRESS}.`)).toBeVisible();
  const [testCopy] = mailTo(STAFF_ADDRESS);
  expect(testCopy).toMatch(/^Subject: \[Test\] News from the gardens for friends$/m);
  expect(testCopy).toContain("Hello friend");
  expect(mailTo(READER)).toEqual([]); // a test goes to nobody else

  // sent to the segment: the page answers once every copy went (Celery runs eagerly in the e2e Django)
  await page.getByRole("button", { name: "Send now" }).click();
  await expect(page.getByText("Sending has started.")).toBeVisible();
  await expect(page.locator("#campaign-state")).toHaveText("Sent");
  await expect(page.locator("[data-figure=campaign-progress]")).toHaveText("2 of 2 sent.");
  await expect(page.getByRole("progressbar", { name: "Sending progress" })).toHaveAttribute("value", "100");
  await expect(page.getByRole("button", { name: "Send now" })).toHaveCount(0); // sent once
  await page.reload(); // (axe would read the success message mid fade-in)
  await expect(page.locator("[data-figure=campaign-progress]")).toHaveText("2 of 2 sent.");
  await expectAccessible(page);
  await screenshot(page, "admin-campaign-inspect-sent");
  const [received] = mailTo(READER);
  expect(received).toMatch(/^Subject: News from the gardens for Noi$/m);
  expect(received).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  expect(mailTo(SECOND_READER)).toHaveLength(1);

  // the report: every copy sent, nothing opened yet, a chart of the hours since sending began
  await page.getByRole("link", { name: "Report", exact: true }).click();
  await expect(page.locator("[data-figure=recipients]")).toHaveText("2");
  await expect(page.locator("[data-figure=sent]")).toHaveText("2");
  await expect(page.locator("[data-figure=opened]")).toHaveText("0");
  await expect(page.locator("[data-figure=attributed]")).toContainText(`E2E${run}`);
  await expect(page.locator("img[data-figure=engagement-chart]")).toBeVisible();
  await expectAccessible(page);

  // the recipients as CSV, with their outcome
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export recipients with their outcome (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^garden-news-\d+-recipients\.csv$/);
  const csv = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  expect(csv[0]).toBe("Constituent ID,Name,Address,Subject,Status,Sent,Delivery,First opened,First clicked,Unsubscribed,Error");
  expect(csv).toHaveLength(3);
  expect(csv.find((row) => row.includes(READER))).toMatch(new RegExp(`^${readerId},Noi Gardener,${READER},,Sent,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d,`));

  // and it can no longer be edited
  await page.goto(inspectUrl.replace("/inspect/", "/edit/"));
  await expect(page).toHaveURL(inspectUrl);
  await expect(page.getByText("A campaign that has started sending can no longer be changed.")).toBeVisible();
  expect(problems).toEqual([]);
});

test("a reader follows their email's links: web version, preferences and unsubscribe, at desktop and phone sizes", async ({ browser }) => {
  test.setTimeout(120_000);
  const [message] = mailTo(READER);
  expect(message, "the first test sends the campaign").toBeTruthy();
  const links = { view: mailLink(message ?? "", "view"), preferences: mailLink(message ?? "", "preferences"), unsubscribe: mailLink(message ?? "", "unsubscribe") };
  for (const link of Object.values(links)) expect(link.startsWith(url("/mail/"))).toBe(true); // through the site

  for (const viewport of [DESKTOP, PHONE]) {
    const page = await newPage(browser, viewport);
    const size = viewport === DESKTOP ? "desktop" : "phone";

    // the web version: their copy, merge tags filled
    await page.goto(links.view);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello Noi");
    await expect(page.getByRole("link", { name: "See the gardens" })).toBeVisible();
    await fitsTheScreen(page, viewport.width);
    // (no axe here: the copy is served sandboxed, scripts off, where axe's timers may never run and it hangs)
    await screenshot(page, `mail-web-version-${size}`);

    // the preferences page: their choices by topic
    await page.goto(links.preferences);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your email preferences");
    await expect(page.getByText(`For ${READER}.`)).toBeVisible();
    await expect(page.getByLabel("Newsletter")).toBeChecked();
    await fitsTheScreen(page, viewport.width);
    await expectAccessible(page);
    await screenshot(page, `mail-preferences-${size}`);

    // the unsubscribe link's page asks first (a GET, as link scanners make, unsubscribes nobody)
    await page.goto(links.unsubscribe);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Unsubscribe");
    await expect(page.getByText(`Stop emails about newsletter to ${READER}?`)).toBeVisible();
    await fitsTheScreen(page, viewport.width);
    await expectAccessible(page);
    await screenshot(page, `mail-unsubscribe-${size}`);
    await page.context().close();
  }

  const page = await newPage(browser, PHONE);
  // after those GETs the reader still gets the newsletter
  await page.goto(links.preferences);
  await expect(page.getByLabel("Newsletter")).toBeChecked();
  // a click in the web version is counted, and leads on to the page the button names
  await page.goto(links.view);
  await page.getByRole("link", { name: "See the gardens" }).click();
  await expect(page).toHaveURL(url("/gardens/"));

  // choices saved on the preferences page (a form posted through the site, with Django's CSRF check)
  await page.goto(links.preferences);
  await page.getByLabel("Events").check();
  await page.getByRole("button", { name: "Save my choices" }).click();
  await expect(page.getByRole("status")).toHaveText("Your choices are saved.");
  await expect(page.getByLabel("Events")).toBeChecked();
  await expect(page.getByLabel("Newsletter")).toBeChecked();

  // pressing the button unsubscribes
  await page.goto(links.unsubscribe);
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You are unsubscribed");
  await expect(page.getByRole("status")).toHaveText(`We will not email ${READER} about newsletter again.`);
  await fitsTheScreen(page, PHONE.width);
  await expectAccessible(page);
  await screenshot(page, "mail-unsubscribed-phone");
  await page.goto(links.preferences); // their consent to the newsletter is withdrawn
  await expect(page.getByLabel("Newsletter")).not.toBeChecked();
  await page.context().close();

  // the report counts what the reader did: one click (an open too), one unsubscribe (the GETs counted none)
  const admin = await newPage(browser, DESKTOP);
  await signInToAdmin(admin);
  await admin.goto(djangoUrl("/admin/communications/campaigns/"));
  await admin.getByRole("link", { name: CAMPAIGN, exact: true }).click();
  await admin.getByRole("link", { name: "Report", exact: true }).click();
  await expect(admin.locator("[data-figure=opened]")).toHaveText("1");
  await expect(admin.locator("[data-figure=clicked]")).toHaveText("1");
  await expect(admin.locator("[data-figure=unsubscribed]")).toHaveText("1");
  await screenshot(admin, "admin-campaign-report");
  await admin.context().close();
});

test("the demo's sent newsletter has a report with figures and a chart, and its draft appeal previews", async ({ page }) => {
  await signInToAdmin(page);
  await page.goto(djangoUrl("/admin/communications/campaigns/"));
  await page.getByRole("link", { name: "Volunteer news: spring", exact: true }).click();
  await expect(page.locator("#campaign-state")).toHaveText("Sent");
  await page.getByRole("link", { name: "Report", exact: true }).click();
  for (const figure of ["sent", "delivered", "opened", "clicked", "bounced", "unsubscribed"]) {
    await expect(page.locator(`[data-figure=${figure}]`)).toHaveText(/^[1-9]\d*$/);
  }
  await expect(page.locator("img[data-figure=engagement-chart]")).toHaveAttribute("alt", /by day/);
  await screenshot(page, "admin-campaign-demo-report");

  await page.goto(djangoUrl("/admin/communications/campaigns/"));
  await page.getByRole("link", { name: "Gardens appeal", exact: true }).click();
  await expect(page.locator("#campaign-state")).toHaveText("Draft");
  await expect(page.locator(".help-critical")).toHaveCount(0); // nothing stops it being sent
  await page.getByRole("link", { name: "Preview", exact: true }).click();
  const frame = await previewFrame(page, "Phone preview");
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText("A garden in every district");
  await expect(frame.getByRole("link", { name: "Plant a garden" })).toBeVisible();
  await fitsTheScreen(frame);
});
