import { type Page, expect, test } from "@playwright/test";

import { expectAccessible, linkFromMail, screenshot, url } from "./support";

const email = `e2e-${Date.now()}@example.org`;
const password = "Winter-walks-in-Ulaanbaatar-7";

test.describe.configure({ mode: "serial" });

async function signIn(page: Page, withPassword: string): Promise<void> {
  const form = page.getByRole("form", { name: "Sign in with your password" });
  await form.getByLabel("Email address").fill(email);
  await form.getByLabel("Password", { exact: true }).fill(withPassword);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("a member signs up, confirms the email and signs in", async ({ page }) => {
  // sign up
  await page.goto(url("/account/sign-up/"));
  await expect(page).toHaveTitle("Create your account · Steward");
  await expectAccessible(page);
  await page.getByLabel("Given name").fill("Saruul");
  await page.getByLabel("Family name").fill("Bat");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("12345678");
  await page.getByRole("button", { name: "Create an account" }).click();
  // a weak password: the API's field errors appear next to the field
  const passwordField = page.getByLabel("Password", { exact: true });
  await expect(passwordField).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field-error").first()).toContainText(/common|numeric/);
  await expectAccessible(page);
  await passwordField.fill(password);
  await page.getByRole("button", { name: "Create an account" }).click();
  await expect(page.getByRole("status")).toContainText(`we sent a link to ${email}`);
  await screenshot(page, "sign-up-done");

  // before confirming, the right password says what to do
  await page.goto(url("/account/sign-in/"));
  await signIn(page, password);
  await expect(page.locator(".field-error", { hasText: "Confirm your email address first" })).toBeVisible();

  // confirm with the emailed link
  const verifyLink = new URL(linkFromMail(email, "/account/verify-email"));
  await page.goto(url(`${verifyLink.pathname}${verifyLink.search}`));
  await expect(page.getByRole("status")).toContainText(`${email} is confirmed`);
  await expectAccessible(page);
  await screenshot(page, "verify-email");

  // sign in
  await page.goto(url("/account/sign-in/"));
  await signIn(page, password);
  await expect(page).toHaveURL(/\/portal\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your membership");
  await expect(page.getByText("Welcome, Saruul")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "portal-dashboard");
});

test("a wrong password shows the error", async ({ page }) => {
  await page.goto(url("/account/sign-in/"));
  await signIn(page, "not my password");
  await expect(page.getByRole("alert").filter({ hasText: "The email address or the password is not right." })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "sign-in-wrong-password");
});

test("a member changes a consent, and a bad phone number shows its field error", async ({ page }) => {
  // signed in (the failed attempt above left one failure: well under the throttle)
  await page.goto(url("/account/sign-in/"));
  await signIn(page, password);
  await expect(page).toHaveURL(/\/portal\/$/);

  // communication preferences: agree to the newsletter by email
  await page.getByRole("link", { name: "Preferences" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Communication preferences");
  const newsletter = page.getByLabel("Email me the newsletter");
  await expect(newsletter).not.toBeChecked();
  await newsletter.check();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Email me the newsletter")).toBeChecked();
  await expectAccessible(page);
  await screenshot(page, "portal-preferences");

  // profile: a bad phone number is refused with the error next to the field
  await page.getByRole("link", { name: "Profile" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your profile");
  await expect(page.getByLabel("Given name")).toHaveValue("Saruul");
  // a new member belongs to no household yet, and is told how to join one
  await expect(page.getByRole("heading", { name: "Your household" })).toBeVisible();
  await expect(page.getByText("You are not part of a household.")).toBeVisible();
  await page.getByLabel("Preferred name").fill("Saruulaa");
  const phone = page.getByLabel("Phone number");
  await phone.fill("12");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(phone).toHaveAttribute("aria-invalid", "true");
  // focus moves to the error summary (not to <body>), in view
  await expect(page.getByTestId("error-summary")).toBeFocused();
  await expect(page.getByTestId("error-summary")).toBeInViewport();
  const describedBy = (await phone.getAttribute("aria-describedby")) ?? "";
  const errorId = describedBy.split(" ").find((id) => id.endsWith("-error"));
  expect(errorId).toBeTruthy();
  await expect(page.locator(`[id="${errorId}"]`)).not.toBeEmpty();
  await expectAccessible(page);
  await screenshot(page, "portal-profile-phone-error");

  // a good number saves (the whole change, all or nothing)
  await phone.fill("+66 2 123 4567");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your profile is saved." })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Your profile is saved." })).toBeFocused();
  await expect(phone).not.toHaveAttribute("aria-invalid", "true");

  // an address: the country is picked by its name from a list, and kept as its code
  await page.getByLabel("Address line 1").fill("99 Sukhumvit Road");
  await page.getByLabel("City or town").fill("Bangkok");
  await page.getByLabel("Postcode").fill("10110");
  const country = page.getByLabel("Country", { exact: true });
  await expect(country.locator("option", { hasText: "Thailand" })).toHaveAttribute("value", "TH");
  await country.selectOption({ label: "Thailand" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your profile is saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Country", { exact: true })).toHaveValue("TH");
  await expect(page.getByLabel("City or town")).toHaveValue("Bangkok");

  // the directory is for current members (this new member has no membership yet)
  await page.getByRole("link", { name: "Member directory" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Member directory");
  await expectAccessible(page);
  await screenshot(page, "portal-directory");

  // sign out
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto(url("/portal/"));
  await expect(page).toHaveURL(/\/account\/sign-in\/\?next=/);
});

test("a member signs in with an emailed link, once", async ({ page }) => {
  await page.goto(url("/account/sign-in/"));
  const form = page.getByRole("form", { name: "Or get a sign-in link by email" });
  await form.getByLabel("Email address").fill(email);
  await form.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "a sign-in link is on its way" })).toBeVisible();
  const link = new URL(linkFromMail(email, "/account/sign-in/link"));
  await page.goto(url(`${link.pathname}${link.search}`));
  await expectAccessible(page);
  await page.getByRole("button", { name: "Sign in" }).last().click();
  await expect(page).toHaveURL(/\/portal\/$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  // the same link again is refused
  await page.goto(url(`${link.pathname}${link.search}`));
  await page.getByRole("button", { name: "Sign in" }).last().click();
  await expect(page.locator(".field-error")).toContainText("not valid");
});

test("a member who forgot the password chooses a new one", async ({ page }) => {
  await page.goto(url("/account/sign-in/"));
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Forgot your password");
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "a link to choose a new password is on its way" })).toBeVisible();
  await screenshot(page, "forgot-password");

  const link = new URL(linkFromMail(email, "/account/reset-password"));
  await page.goto(url(`${link.pathname}${link.search}`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
  await expectAccessible(page);
  const newPassword = "Spring-walks-in-Taipei-9";
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your password is changed" })).toBeVisible();
  await screenshot(page, "reset-password-done");

  await page.goto(url("/account/sign-in/"));
  await signIn(page, newPassword);
  await expect(page).toHaveURL(/\/portal\/$/);
});

test("a member changes the email address: nothing changes until the link sent to the new one is used", async ({ page }) => {
  const newEmail = `e2e-new-${Date.now()}@example.org`;
  await page.goto(url("/account/sign-in/"));
  await signIn(page, "Spring-walks-in-Taipei-9");
  await expect(page).toHaveURL(/\/portal\/$/);
  await page.goto(url("/portal/profile/"));
  await page.getByLabel("Email address").fill(newEmail);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("pending-email")).toContainText(`We sent a link to ${newEmail}`);
  await page.reload();
  // still the old address, with the pending one shown
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expect(page.getByTestId("pending-email")).toContainText(newEmail);
  await expectAccessible(page);
  await screenshot(page, "portal-profile-pending-email");

  const link = new URL(linkFromMail(newEmail, "/account/confirm-email"));
  // signed out, the link asks to sign in first and comes back
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto(url(`${link.pathname}${link.search}`));
  await expect(page).toHaveURL(/\/account\/sign-in\/\?next=/);
  await signIn(page, "Spring-walks-in-Taipei-9");
  await expect(page).toHaveURL(/\/account\/confirm-email\/\?token=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Confirm your new email address");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirm the new address" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Your email address is now ${newEmail}.` })).toBeVisible();
  await screenshot(page, "confirm-email-done");
  await page.goto(url("/portal/profile/"));
  await expect(page.getByLabel("Email address")).toHaveValue(newEmail);
  await expect(page.getByTestId("pending-email")).toHaveCount(0);
});
