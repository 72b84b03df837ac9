import { type Page, expect, test } from "@playwright/test";

import { cardReady, expectAccessible, fillCard, linkFromMail, screenshot, url } from "./support";

const password = "Spring-rain-over-Chiang-Mai-4";

/** Level, details and password, card: one form, one button. */
async function joinAsStudent(page: Page, email: string, shot: string): Promise<void> {
  await page.goto(url("/join/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Become a member");
  await cardReady(page);
  await page.getByRole("radio", { name: /Student/ }).check();
  await page.getByLabel("Given name").fill("Anan");
  await page.getByLabel("Family name").fill("Wong");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await fillCard(page);
  // what will be charged and until when, from the API, before paying
  await expect(page.getByTestId("purchase-quote")).toContainText("You'll be charged $20.00 now; your membership runs until");
  await expectAccessible(page);
  await screenshot(page, shot);
  await page.getByRole("button", { name: "Pay $20.00" }).click();
}

test.describe("at 1280×800", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("a visitor joins in one go, signed in at once; the welcome email confirms the address", async ({ page }) => {
    const email = `joiner-${Date.now()}@example.org`;
    await joinAsStudent(page, email, "join-one-form");

    // paid and signed in at once: no email to confirm first
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome!");
    await expect(page.getByRole("status")).toContainText("$20.00 was received and you are signed in");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible(); // the header knows it too
    await expectAccessible(page);
    await screenshot(page, "join-welcome");

    // the portal shows the membership and its card
    await page.getByRole("link", { name: "Go to the member portal" }).click();
    const row = page.getByRole("row", { name: /Student/ });
    await expect(row).toContainText("Current");
    const cardHref = (await row.getByRole("link", { name: "Membership card (PDF)" }).getAttribute("href")) ?? "";
    const card = await page.request.get(url(cardHref));
    expect(card.status()).toBe(200);
    expect((await card.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await expectAccessible(page);
    await screenshot(page, "join-portal");

    // renewing shows what it charges and until when, before paying
    await row.getByRole("link", { name: "Renew or change level" }).click();
    await cardReady(page);
    await expect(page.getByRole("group", { name: "Your account" })).toHaveCount(0);
    await expect(page.getByTestId("purchase-quote")).toContainText("You'll be charged $20.00 now; your membership runs until");
    await expectAccessible(page);
    await screenshot(page, "join-renewal-quote");

    // the welcome email's link confirms the address, and the page says so
    const confirm = new URL(linkFromMail(email, "/account/verify-email"));
    await page.goto(url(`${confirm.pathname}${confirm.search}`));
    await expect(page.getByRole("status")).toContainText(`Your email address ${email} is confirmed`);
    await expectAccessible(page);
    await screenshot(page, "join-email-confirmed");
  });
});

test.describe("at 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("joining on a phone; an address that has an account signs nobody in", async ({ page }) => {
    const email = `phone-joiner-${Date.now()}@example.org`;
    await joinAsStudent(page, email, "join-phone");
    await expect(page.getByRole("status")).toContainText("you are signed in");
    await screenshot(page, "join-phone-welcome");

    // a second visitor tries the same address: told it has an account, nothing charged, nobody signed in
    await page.context().clearCookies();
    await joinAsStudent(page, email, "join-phone-account-exists-form");
    await expect(page.getByLabel("Email address")).toHaveAccessibleDescription(/already has an account/);
    await expect(page.getByRole("group", { name: "Your account" })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, "join-phone-account-exists");
  });
});
