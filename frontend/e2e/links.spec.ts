/**
 * Nothing a supporter is given leads nowhere: every link on every portal page, and every link in every email the
 * whole browser run made Django send, is followed through the frontend's own address and answers 200. Django's
 * own address never appears (its downloads reach supporters through the frontend's proxy: steward.core.links).
 *
 * This spec is its own project in playwright.config.ts, run after all the others, so the mail folder holds every
 * kind of email the run sent (sign-up, verification, sign-in links, receipts, volunteering, ...), and the demo
 * member has what giving.spec.ts and volunteer.spec.ts gave them: a receipt to download and a calendar feed.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

import { type APIRequestContext, type Page, expect, test } from "@playwright/test";

import { baseUrl, djangoUrl, url } from "./support";

const DEMO_MEMBER = "member@example.org";
const DEMO_PASSWORD = "steward-demo";
const PORTAL_PAGES = [
  "/portal/",
  "/portal/giving/",
  "/portal/profile/",
  "/portal/preferences/",
  "/portal/volunteering/",
  "/portal/directory/",
  "/portal/messages/",
];
// Where a link may lead other than this site: the share links of a page and the mail and phone of a person.
const ELSEWHERE = /^(mailto:|tel:|https:\/\/(www\.)?(facebook\.com|x\.com|twitter\.com|wa\.me|api\.whatsapp\.com|linkedin\.com)\/)/;

async function signIn(page: Page): Promise<void> {
  await page.goto(url("/account/sign-in/"));
  const form = page.getByRole("form", { name: "Sign in with your password" });
  await form.getByLabel("Email address").fill(DEMO_MEMBER);
  await form.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/portal\/$/);
}

/** Every href on the page, absolute. */
async function hrefs(page: Page): Promise<string[]> {
  return page.locator("a[href]").evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
}

/** GET a link as the browser would (following redirects); returns the final status. */
async function follow(request: APIRequestContext, link: string): Promise<number> {
  const response = await request.get(link, { maxRedirects: 5 });
  await response.body();
  return response.status();
}

function checkAddress(link: string, where: string): void {
  expect(link.startsWith(djangoUrl("/")), `${where}: ${link} leads to Django's own address`).toBe(false);
  if (!link.startsWith(baseUrl())) {
    expect(link, `${where}: ${link} leads off the site`).toMatch(ELSEWHERE);
  }
}

test("every link on every portal page answers 200 through the site", async ({ page }) => {
  await signIn(page);
  const found = new Map<string, string>();
  for (const pathname of PORTAL_PAGES) {
    await page.goto(url(pathname));
    for (const link of await hrefs(page)) {
      const bare = link.split("#")[0] ?? link;
      checkAddress(bare, pathname);
      if (bare.startsWith(baseUrl()) && !found.has(bare)) found.set(bare, pathname);
    }
  }
  // The downloads the portal hands out are among them: receipts, the membership card, the calendar feed.
  const links = [...found.keys()];
  expect(links.some((link) => link.includes("/members/card/"))).toBe(true);
  expect(links.some((link) => link.includes("/donations/receipts/"))).toBe(true);
  const failures: string[] = [];
  for (const [link, from] of found) {
    // Signing out is a POST form, never a link; a GET of any other link must answer.
    const status = await follow(page.request, link);
    if (status !== 200) failures.push(`${status} ${link} (on ${from})`);
  }
  expect(failures).toEqual([]);
  // And the calendar feed, given as text to copy, answers with a calendar through the site.
  await page.goto(url("/portal/volunteering/"));
  const feed = await page.getByLabel("Calendar address").inputValue();
  checkAddress(feed, "/portal/volunteering/");
  expect(feed.startsWith(baseUrl())).toBe(true);
  const response = await page.request.get(feed);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^text\/calendar/);
});

/**
 * The readable text of a raw message: each MIME part decoded as a mail program would show it — quoted-printable
 * soft breaks joined, base64 text decoded, an .ics part's folded lines (RFC 5545: a break and a space) unfolded,
 * HTML's &amp; read as & — and binary attachments (PDFs) left out.
 */
function readable(raw: string): string {
  const boundaries = [...raw.matchAll(/boundary="?([^";\s]+)"?/g)].map((match) => match[1] ?? "");
  const escaped = boundaries.map((boundary) => boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const parts = escaped.length ? raw.split(new RegExp(`^--(?:${escaped.join("|")})(?:--)?\\s*$`, "m")) : [raw];
  return parts
    .map((part) => {
      const split = part.search(/\r?\n\r?\n/);
      const headers = split >= 0 ? part.slice(0, split) : "";
      let body = split >= 0 ? part.slice(split).trimStart() : part;
      const type = /^Content-Type:\s*([^;\s]+)/im.exec(headers)?.[1]?.toLowerCase() ?? "text/plain";
      if (!type.startsWith("text/") && !type.startsWith("multipart/")) return "";
      if (/^Content-Transfer-Encoding:\s*base64/im.test(headers)) body = Buffer.from(body, "base64").toString("utf8");
      if (/^Content-Transfer-Encoding:\s*quoted-printable/im.test(headers)) body = body.replace(/=\r?\n/g, "");
      if (type === "text/calendar") body = body.replace(/\r?\n[ \t]/g, "");
      return `${headers}\n\n${body}`;
    })
    .join("\n")
    .replace(/&amp;/g, "&");
}

/** Each message Django's file backend wrote during the run (one file per connection, messages between rules). */
function messages(): { to: string; subject: string; text: string }[] {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set");
  return readdirSync(dir)
    .sort()
    .flatMap((file) => readFileSync(path.join(dir, file), "utf8").split(/^-{79}$/m))
    .filter((raw) => /^To: /m.test(raw))
    .map((raw) => ({
      to: /^To: (.*)$/m.exec(raw)?.[1] ?? "",
      subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? "",
      text: readable(raw),
    }));
}

test("every link in every email the run sent answers 200 through the site", async ({ playwright }) => {
  const mail = messages();
  expect(mail.length).toBeGreaterThan(5);
  const found = new Map<string, string>();
  for (const message of mail) {
    for (const match of message.text.matchAll(/https?:\/\/[^\s"'<>]+/g)) {
      const link = match[0].replace(/[.,;:!?)\]}]+$/, "");
      const where = `"${message.subject}" to ${message.to}`;
      // Staff emails (the admin's password reset, export downloads) lead to the admin; none was sent in this run.
      checkAddress(link, where);
      if (link.startsWith(baseUrl()) && !found.has(link)) found.set(link, where);
    }
  }
  expect(found.size).toBeGreaterThan(3);
  // Followed as a person clicking in their mail program would: signed out, with no cookie of this run.
  const request = await playwright.request.newContext();
  const failures: string[] = [];
  for (const [link, where] of found) {
    const status = await follow(request, link);
    if (status !== 200) failures.push(`${status} ${link} (in ${where})`);
  }
  await request.dispose();
  expect(failures).toEqual([]);
});
