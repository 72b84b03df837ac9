import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { cardReady, expectAccessible, fillCard, screenshot, url } from "./support";

function mailTo(address: string): string[] {
  const dir = process.env.E2E_MAIL_DIR ?? "";
  return readdirSync(dir)
    .flatMap((file) => readFileSync(path.join(dir, file), "utf8").split(/^-{79}$/m))
    .filter((message) => new RegExp(`^To: ${address.replace(/[.+]/g, "\\$&")}$`, "mi").test(message));
}

test("a visitor gives to a campaign once, in memory of someone, covering the fee", async ({ page }) => {
  // the donate page reached from a link to the campaign (the campaign page's own form: e2e/give.spec.ts)
  await page.goto(url("/donate/?campaign=city-gardens"));
  await cardReady(page);
  await expect(page.getByLabel("Campaign", { exact: true })).toHaveValue(/.+/);
  // the default fund is preselected, and every fund is offered once
  const funds = await page.getByLabel("Fund").locator("option").allTextContents();
  expect(funds.length).toBeGreaterThan(1);
  expect(new Set(funds).size).toBe(funds.length);
  await expect(page.getByLabel("Fund")).not.toHaveValue("");
  await page.getByRole("radio", { name: "$50.00", exact: true }).check();
  await expect(page.getByLabel(/to cover the card fee/)).toHaveAccessibleName(/\$1\.\d\d/);
  await page.getByLabel(/to cover the card fee/).check();
  await page.getByLabel("Give in honour or in memory of someone").check();
  await page.getByRole("radio", { name: "In memory of" }).check();
  await page.getByLabel("Their name").fill("Grandma Noi");
  await page.getByLabel("Given name").fill("Ploy");
  await page.getByLabel("Family name").fill("Srisuk");
  await page.getByLabel("Email address", { exact: true }).fill("ploy.donor@example.org");
  await fillCard(page);
  await expectAccessible(page);
  await screenshot(page, "donate-form");
  await page.getByRole("button", { name: /^Give \$5\d\.\d\d$/ }).click();

  // thanks, and a receipt by email
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!");
  await expect(page.getByRole("status")).toContainText(/\$5\d\.\d\d was received/);
  await expect(page).toHaveTitle("Thank you! · Steward");
  await expectAccessible(page);
  await screenshot(page, "donate-thank-you");
  await expect.poll(() => mailTo("ploy.donor@example.org").length).toBeGreaterThan(0);
});

test("a visitor gives monthly in honour of someone; a missing email is shown beside its field", async ({ page }) => {
  await page.goto(url("/donate/"));
  await cardReady(page);
  await page.getByRole("radio", { name: "Monthly" }).check();
  await page.getByLabel("Give in honour or in memory of someone").check();
  await page.getByRole("radio", { name: "In honour of" }).check();
  await page.getByLabel("Their name").fill("Teacher Oyuna");
  await page.getByLabel("Other amount").fill("12.50");
  await page.getByLabel("Given name").fill("Bat");
  await fillCard(page);
  await page.getByRole("button", { name: "Give $12.50 each month" }).click();
  const email = page.getByLabel("Email address", { exact: true });
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await screenshot(page, "donate-field-error");

  await email.fill("bat.monthly@example.org");
  await page.getByRole("button", { name: "Give $12.50 each month" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!");
  await expect(page.getByRole("status")).toContainText("$12.50 is set up");
  await screenshot(page, "donate-monthly-thank-you");
});

test("a network failure is retried with the same request key: one charge", async ({ page }) => {
  await page.goto(url("/donate/"));
  await cardReady(page);
  await page.getByRole("radio", { name: "$25.00", exact: true }).check();
  await page.getByLabel("Given name").fill("Retry");
  await page.getByLabel("Email address", { exact: true }).fill("retry.donor@example.org");
  await fillCard(page);
  // the first answer is lost after Django handled the request
  const keys: string[] = [];
  let dropped = false;
  await page.route("**/graphql/", async (route) => {
    const body = route.request().postDataJSON() as { query?: string; variables?: { input?: { requestKey?: string } } };
    if (!body?.query?.includes("startDonation")) return route.continue();
    keys.push(body.variables?.input?.requestKey ?? "");
    const response = await route.fetch();
    if (!dropped) {
      dropped = true;
      return route.abort("connectionreset");
    }
    return route.fulfill({ response });
  });
  await page.getByRole("button", { name: "Give $25.00" }).click();
  await expect(page.locator(".alert")).toContainText("could not reach the server");
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!");
  expect(keys).toHaveLength(2);
  expect(keys[0]).toBe(keys[1]);
  await expect.poll(() => mailTo("retry.donor@example.org").length).toBe(1);
});

test("a card that needs 3-D Secure: the bank's check is completed in the browser, and a failed check charges nothing", async ({ page }) => {
  const THREE_D_SECURE_CARD = "4000002500003155";
  // the donor fails the bank's check: told so, still on the form, nothing charged and no receipt
  await page.goto(url("/donate/"));
  await cardReady(page);
  await page.getByRole("radio", { name: "$25.00", exact: true }).check();
  await page.getByLabel("Given name").fill("Secure");
  await page.getByLabel("Email address", { exact: true }).fill("secure.donor@example.org");
  await fillCard(page, THREE_D_SECURE_CARD);
  await page.getByRole("button", { name: "Give $25.00" }).click();
  // (localstripe's Stripe.js stands in for the bank's page with two buttons)
  await page.getByRole("button", { name: "Fail authentication" }).click();
  await expect(page.locator(".alert")).toContainText("Your bank did not confirm the payment. Nothing was charged");
  await expect(page).toHaveURL(/\/donate\/$/);
  await expectAccessible(page);

  // they try again and complete it: thanked, and the receipt follows once Stripe's webhook confirms the payment
  await page.getByRole("button", { name: "Give $25.00" }).click();
  await page.getByRole("button", { name: "Complete authentication" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!");
  await expect.poll(() => mailTo("secure.donor@example.org").length, { timeout: 20_000 }).toBe(1);
  expect(mailTo("secure.donor@example.org")[0]).toContain("We received your gift of 25.00 USD");
  await screenshot(page, "donate-3ds-thank-you");
});

test("the donate page in Thai", async ({ page }) => {
  await page.context().addCookies([{ name: "locale", value: "th", url: url("/") }]);
  await page.goto(url("/donate/"));
  await cardReady(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("บริจาค");
  await expect(page.getByRole("radio", { name: "รายเดือน" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "donate-th");
});
