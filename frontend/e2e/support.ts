/**
 * What the browser tests share: the frontend's address, axe checks, screenshots, the emails Django wrote, and
 * Python run against the live Django (for state no page makes).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { type Page, expect } from "@playwright/test";

const require = createRequire(import.meta.url);
const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: run through playwright.config.ts (its global setup).");
  return url;
}

export function url(pathname: string): string {
  return `${baseUrl()}${pathname}`;
}

/** An address on the live Django (the Wagtail admin). */
export function djangoUrl(pathname: string): string {
  const base = process.env.E2E_DJANGO_URL;
  if (!base) throw new Error("E2E_DJANGO_URL is not set");
  return `${base}${pathname}`;
}

/**
 * Run Python (`manage.py shell -c`) against the e2e Django: the settings, database, mail folder and localstripe of
 * e2e/global-setup.ts. For state no page makes (a charge run by the schedule, a bounce reported by the mail
 * provider). Returns what it printed; a failure throws with it.
 */
export function django(script: string): string {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DJANGO_SETTINGS_MODULE: "steward.site.settings.e2e",
    DATABASE_URL: `sqlite:///${path.join(repoDir, "var", "e2e", "steward.sqlite3")}`,
    MEDIA_ROOT: path.join(repoDir, "var", "e2e", "media"),
    FRONTEND_URL: process.env.E2E_BASE_URL,
    CELERY_BROKER_URL: "",
    STRIPE_API_BASE: process.env.E2E_STRIPE_URL,
    STRIPE_SECRET_KEY: "sk_test_steward_e2e",
    STRIPE_PUBLISHABLE_KEY: "pk_test_steward_e2e",
    STRIPE_WEBHOOK_SECRET: "whsec_steward_e2e",
  };
  const python = path.join(repoDir, ".venv", "bin", "python");
  return execFileSync(python, ["manage.py", "shell", "-c", script], {
    cwd: repoDir,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** The demo superuser signs in to the Wagtail admin. */
export async function signInToAdmin(page: Page): Promise<void> {
  await page.goto(djangoUrl("/admin/login/"));
  await page.getByLabel(/username/i).fill("admin");
  await page.getByLabel(/password/i).fill("steward-demo");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/admin\/$/);
}

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/**
 * The card field's inside is Stripe's (an iframe with its own labels on js.stripe.com; bare inputs in localstripe's
 * fake Stripe.js): not ours to check. Our label, hint and errors around it are checked.
 */
const THIRD_PARTY = [".card-element"];

/** Run axe-core (WCAG 2.0-2.2 A/AA and best practices) on the page; fail on serious or critical violations. */
export async function expectAccessible(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol rather than added as a <script>: the pages' Content-Security-Policy
  // (Django's: scripts from 'self' only) rightly refuses inline scripts, and the test must not weaken it.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (exclude) => {
    const axe = (window as unknown as { axe: { run: (context: object, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const present = exclude.filter((selector) => document.querySelector(selector));
    const context = present.length ? { include: [["html"]], exclude: present.map((selector) => [selector]) } : document;
    const result = await axe.run(context, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target }) => ({ target })) }));
  }, THIRD_PARTY);
  const blocking = violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
}

/** A full-page screenshot of a finished page, kept under test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join("test-results", "screenshots", `${name}.png`), fullPage: true });
}

/** The latest link to `pathname` in the emails sent to `to` (Django's file backend: one file per connection). */
export function linkFromMail(to: string, pathname: string): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set");
  const messages = readdirSync(dir)
    .sort()
    .flatMap((file) => readFileSync(path.join(dir, file), "utf8").split(/^-{79}$/m))
    .filter((message) => new RegExp(`^To: ${to.replace(/[.+]/g, "\\$&")}$`, "mi").test(message));
  const pattern = new RegExp(`https?://\\S+${pathname.replace(/[/.]/g, "\\$&")}\\?\\S+`, "g");
  const links = messages.flatMap((message) => message.match(pattern) ?? []);
  const link = links.at(-1);
  if (!link) throw new Error(`No ${pathname} link in the mail to ${to}`);
  return link;
}

/** Wait until the card Element is mounted (so the form has hydrated and Stripe.js has loaded). */
export async function cardReady(page: Page): Promise<void> {
  await expect(page.getByTestId("card-element").getByPlaceholder("number")).toBeVisible();
}

/** Type a test card into the card Element (localstripe's fake Stripe.js: plain inputs named by placeholder). */
export async function fillCard(page: Page, number = "4242424242424242"): Promise<void> {
  const card = page.getByTestId("card-element");
  await card.getByPlaceholder("number").fill(number);
  await card.getByPlaceholder("exp_month").fill("12");
  await card.getByPlaceholder("exp_year").fill("34");
  await card.getByPlaceholder("cvc").fill("123");
  await card.getByPlaceholder("postal_code").fill("10110");
}
