import { expect, test } from "@playwright/test";

import { cardReady, expectAccessible, fillCard, linkFromMail, screenshot, url } from "./support";

const email = `joiner-${Date.now()}@example.org`;
const password = "Spring-rain-over-Chiang-Mai-4";

test("a visitor joins as a new member: account, confirmed email, then the card", async ({ page }) => {
  // choose a level and create the account in the same form
  await page.goto(url("/join/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Become a member");
  await page.getByRole("radio", { name: /Student/ }).check();
  await page.getByLabel("Given name").fill("Anan");
  await page.getByLabel("Family name").fill("Wong");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await expectAccessible(page);
  await screenshot(page, "join-account");
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByRole("status")).toContainText(`We sent a link to ${email}`);

  // the emailed link confirms the address and leads back to the chosen level, signed in
  const verifyLink = new URL(linkFromMail(email, "/account/verify-email"));
  await page.goto(url(`${verifyLink.pathname}${verifyLink.search}`));
  await page.getByRole("link", { name: "Sign in to finish joining" }).click();
  const form = page.getByRole("form", { name: "Sign in with your password" });
  await form.getByLabel("Email address").fill(email);
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/join\/\?level=student/);
  await cardReady(page);
  await expect(page.getByRole("radio", { name: /Student/ })).toBeChecked();

  // pay with the test card, renewing automatically
  await page.getByLabel("Renew automatically with this card at the end of each term").check();
  await fillCard(page);
  await expectAccessible(page);
  await screenshot(page, "join-pay");
  await page.getByRole("button", { name: "Pay $20.00" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome!");
  await expect(page.getByRole("status")).toContainText("$20.00 was received");
  await expect(page).toHaveTitle("Welcome! · Steward"); // set once the client-side navigation's metadata arrives
  await expectAccessible(page);
  await screenshot(page, "join-welcome");

  // the portal shows the membership, renewing itself; the member turns that off
  await page.getByRole("link", { name: "Go to the member portal" }).click();
  const row = page.getByRole("row", { name: /Student/ });
  await expect(row).toContainText("Current");
  await expect(row.getByRole("link", { name: "Renew or change level" })).toBeVisible();
  await row.getByRole("button", { name: "Turn automatic renewal off" }).click();
  await expect(row.getByRole("button", { name: "Turn automatic renewal on" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "portal-membership-auto-renew");

  // the digital membership card: a PDF, through the frontend's own origin
  const cardHref = (await row.getByRole("link", { name: "Membership card (PDF)" }).getAttribute("href")) ?? "";
  const card = await page.request.get(url(cardHref));
  expect(card.status()).toBe(200);
  expect(card.headers()["content-type"]).toContain("application/pdf");
  expect((await card.body()).subarray(0, 5).toString()).toBe("%PDF-");
});
