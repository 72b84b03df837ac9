/**
 * Giving on a phone as on a desktop (issue 15): the donate form's own checks (every error at once, before Stripe is
 * asked anything, focus on the summary), the button while a gift is processed, and the campaign page (hero,
 * percentage, days left, supporters, share links) with its own donate form.
 */
import { type Page, type Request, expect, test } from "@playwright/test";

import { cardReady, expectAccessible, fillCard, screenshot, url } from "./support";

const SIZES = [
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

/** Requests that would start a payment: Stripe.js tokenising the card (localstripe's /v1/) or the API's start. */
function watchPaymentRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on("request", (request) => {
    const isStripe = /\/v1\//.test(new URL(request.url()).pathname);
    const isStart = request.method() === "POST" && (request.postData() ?? "").includes("startDonation");
    if (isStripe || isStart) seen.push(request);
  });
  return seen;
}

/** Hold the API's startDonation until `release()` is called, to see the form while it is processed. */
async function holdStartDonation(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/graphql/", async (route) => {
    if (!(route.request().postData() ?? "").includes("startDonation")) return route.continue();
    await held;
    return route.continue();
  });
  return () => release();
}

for (const { name: size, viewport } of SIZES) {
  test.describe(`on a ${size}`, () => {
    test.use({ viewport });

    test("an empty donate form shows every problem at once, before Stripe is asked anything", async ({ page }) => {
      const payments = watchPaymentRequests(page);
      await page.goto(url("/donate/"));
      await cardReady(page);
      // an amount under the minimum the server states ($5.00), and nothing else filled in
      await page.getByLabel("Other amount").fill("2");
      await page.getByRole("button", { name: "Give $2.00" }).click();

      // every field's problem in one summary, which has focus and is in view
      const summary = page.getByTestId("error-summary");
      await expect(summary).toBeFocused();
      await expect(summary).toBeInViewport();
      await expect(summary.getByRole("link")).toHaveText([
        "Give at least $5.00.",
        "Enter your given name, for the receipt.",
        "Enter your email address, for the receipt.",
        "Enter your card details.",
      ]);
      await expect(page.getByLabel("Other amount")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("Given name")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("Email address", { exact: true })).toHaveAttribute("aria-invalid", "true");
      await expectAccessible(page);
      await screenshot(page, `give-empty-form-${size}`);

      // a summary entry takes the donor to its field
      await summary.getByRole("link", { name: "Enter your email address, for the receipt." }).click();
      const email = page.getByLabel("Email address", { exact: true });
      await expect(email).toBeFocused();
      // fields are checked as the donor leaves them, and cleared once right
      await email.fill("not-an-address");
      await email.blur();
      await expect(page.locator(".field-error", { hasText: "Enter an email address like name@example.org." })).toBeVisible();
      await page.getByLabel("Other amount").fill("12.50");
      await expect(page.getByLabel("Other amount")).not.toHaveAttribute("aria-invalid", "true");
      await email.fill("someone@example.org");
      await expect(email).not.toHaveAttribute("aria-invalid", "true");

      // nothing was sent to Stripe or to the API's payment start
      expect(payments.map((request) => request.url())).toEqual([]);
    });

    test("the campaign page: hero, percentage, days left, supporters, share links, and giving on the page", async ({ page }) => {
      const givenName = size === "phone" ? "Wanida" : "Khulan";
      await page.goto(url("/gardens/"));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("A garden in every district");
      const hero = page.getByRole("img", { name: "Steward demo: members at the open day" });
      await expect(hero).toBeVisible();
      await expect.poll(() => hero.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(1200);
      await expect(page.getByRole("progressbar", { name: "Campaign progress" })).toBeVisible();
      await expect(page.getByTestId("campaign-percent")).toHaveText(/^\d+ % (of the goal|— goal reached)$/);
      await expect(page.getByTestId("campaign-time")).toHaveText(/^\d+ days left$/);
      const supporters = page.getByRole("region", { name: "Recent supporters" }).getByRole("listitem");
      await expect(supporters.first()).toBeVisible();
      // share links are plain links to the page's own address
      const pageUrl = encodeURIComponent(url("/gardens/"));
      const share = page.getByRole("region", { name: "Share this campaign" });
      await expect(share.getByRole("link", { name: /^Facebook/ })).toHaveAttribute("href", `https://www.facebook.com/sharer/sharer.php?u=${pageUrl}`);
      await expect(share.getByRole("link", { name: /^WhatsApp/ })).toHaveAttribute("href", new RegExp(`^https://wa\\.me/\\?text=.*${pageUrl.replace(/[.%]/g, "\\$&")}$`));
      await expect(share.getByRole("link", { name: "Email" })).toHaveAttribute("href", /^mailto:\?subject=/);
      await expect(share.getByRole("link", { name: /^X/ })).toHaveAttribute("href", /^https:\/\/x\.com\/intent\/tweet\?/);
      await cardReady(page);
      await expectAccessible(page);
      await screenshot(page, `give-campaign-page-${size}`);

      // the form on the page gives to this campaign: no campaign to choose, the name shown only if asked for
      await page.getByRole("link", { name: "Give now", exact: true }).first().click();
      const form = page.getByRole("region", { name: "Give to this campaign" });
      await expect(form.getByLabel("Campaign", { exact: true })).toHaveCount(0);
      await form.getByRole("radio", { name: "$25.00", exact: true }).check();
      await form.getByLabel("Given name").fill(givenName);
      await form.getByLabel("Family name").fill("Private-Surname");
      await form.getByLabel("Email address", { exact: true }).fill(`${givenName.toLowerCase()}.campaign@example.org`);
      if (size === "phone") await form.getByLabel("Show my first name on the campaign page").check();
      await fillCard(page);
      const release = await holdStartDonation(page);
      await form.getByRole("button", { name: "Give $25.00" }).click();
      // while the gift is processed the button says so and cannot be pressed again
      const processing = form.getByRole("button", { name: "Processing…" });
      await expect(processing).toBeDisabled();
      await screenshot(page, `give-processing-${size}`);
      release();

      // thanked, with the message focused; the campaign page lists the gift as the donor chose
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!");
      await expect(page.getByRole("status").filter({ hasText: "$25.00 was received" })).toBeFocused();
      await page.goto(url("/gardens/"));
      await expect(supporters.first().locator("span")).toHaveText(size === "phone" ? givenName : "Anonymous");
      await expect(page.getByRole("main")).not.toContainText("Private-Surname");
      await expect(page.getByRole("main")).not.toContainText("@example.org");
    });
  });
}
