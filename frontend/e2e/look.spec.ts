/**
 * The site's look: the header (logo, Donate, the menu button on a phone), the language menu, the favicon, the
 * theme staff set in Wagtail, and every portal page on a phone (no sideways scrolling, axe clean).
 */
import { type Browser, type Page, type Response, expect, test } from "@playwright/test";

import { djangoUrl, expectAccessible, screenshot, signInToAdmin, url } from "./support";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// The seeded demo member (steward/members/demo.py): current, with gifts, a regular gift and shifts.
const DEMO_MEMBER = "member@example.org";
const DEMO_PASSWORD = "steward-demo";

const PORTAL_PAGES = ["/portal/", "/portal/giving/", "/portal/profile/", "/portal/preferences/", "/portal/volunteering/", "/portal/directory/"];

/** Every answer for /favicon.ico the page gets, to check none is a 404. */
function faviconAnswers(page: Page): Response[] {
  const answers: Response[] = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname === "/favicon.ico") answers.push(response);
  });
  return answers;
}

async function newPage(browser: Browser, viewport: { width: number; height: number }, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ viewport, javaScriptEnabled, locale: "en-GB" });
  return context.newPage();
}

async function signIn(page: Page): Promise<void> {
  await page.goto(url("/account/sign-in/"));
  const form = page.getByRole("form", { name: "Sign in with your password" });
  await form.getByLabel("Email address").fill(DEMO_MEMBER);
  await form.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/portal\/$/);
}

async function fitsTheScreen(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${page.url()} is ${scrollWidth}px wide on a ${innerWidth}px screen`).toBeLessThanOrEqual(innerWidth);
}

test("the header has the logo and Donate at both sizes; on a phone the menu opens, closes on Escape and on navigation", async ({ browser }) => {
  for (const viewport of [DESKTOP, PHONE]) {
    const page = await newPage(browser, viewport);
    const favicons = faviconAnswers(page);
    await page.goto(url("/about/"));
    const header = page.locator("header.site-header");
    await expect(header.getByRole("link", { name: "Steward Demo Society" }).locator("img")).toBeVisible();
    const donate = header.getByRole("link", { name: "Donate" });
    await expect(donate).toBeVisible();
    await expect(donate).toHaveAttribute("href", "/donate/");
    const mainMenu = page.getByRole("navigation", { name: "Main menu" });
    const menuButton = header.getByRole("button", { name: "Menu" });
    if (viewport === DESKTOP) {
      await expect(menuButton).toBeHidden();
      await expect(mainMenu.getByRole("link", { name: "About us" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, "look-header-desktop");
    } else {
      // closed: a slim bar
      const height = (await header.boundingBox())?.height ?? Infinity;
      expect(height).toBeLessThanOrEqual(64);
      await expect(mainMenu).toBeHidden();
      await expect(menuButton).toHaveAttribute("aria-expanded", "false");
      const panel = page.locator(`#${await menuButton.getAttribute("aria-controls")}`);
      await screenshot(page, "look-header-phone-closed");
      // opens with the links and the account links
      await menuButton.click();
      await expect(menuButton).toHaveAttribute("aria-expanded", "true");
      await expect(panel).toBeVisible();
      await expect(mainMenu.getByRole("link", { name: "About us" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, "look-header-phone-open");
      // Escape closes it and gives focus back to the button
      await page.keyboard.press("Escape");
      await expect(menuButton).toHaveAttribute("aria-expanded", "false");
      await expect(mainMenu).toBeHidden();
      await expect(menuButton).toBeFocused();
      // following a link closes it
      await menuButton.click();
      await mainMenu.getByRole("link", { name: "News" }).click();
      await expect(page).toHaveURL(/\/news\/$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("News");
      await expect(menuButton).toHaveAttribute("aria-expanded", "false");
      await expect(mainMenu).toBeHidden();
    }
    // the favicon is the organisation's (the demo sets one): served, never a 404
    const icon = await page.request.get(url("/favicon.ico"));
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toBe("image/png");
    expect(await page.locator('link[rel="icon"]').getAttribute("href")).toMatch(/^\/favicon\.ico/);
    expect(favicons.filter((answer) => answer.status() === 404)).toEqual([]);
    await page.context().close();
  }
});

test("the language menu switches the language and stays on the page, with JavaScript and without", async ({ browser }) => {
  // with JavaScript, on a phone: inside the menu, the query string kept
  const page = await newPage(browser, PHONE);
  await page.goto(url("/about/?from=look"));
  await page.getByRole("button", { name: "Menu" }).click();
  const languages = page.locator("details.language-menu");
  await languages.getByText("Language:").locator("..").click();
  await expect(languages.getByRole("link", { name: "ไทย" })).toBeVisible();
  await expect(languages.getByRole("link", { name: "English" })).toHaveAttribute("aria-current", "true");
  await expect(languages.getByRole("link", { name: "Монгол" })).toHaveAttribute("lang", "mn");
  await expect(languages.getByRole("button")).toHaveCount(0); // links, no submit button
  await expectAccessible(page);
  await screenshot(page, "look-language-menu-phone");
  await languages.getByRole("link", { name: "ไทย" }).click();
  await expect(page).toHaveURL(/\/about\/\?from=look$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "th");
  await expect(page.locator("header").getByRole("link", { name: "บริจาค" })).toBeVisible();
  await page.context().close();

  // without JavaScript: the menu opens (a link to #site-menu) and the language links still work
  const plain = await newPage(browser, PHONE, false);
  await plain.goto(url("/news/"));
  await plain.getByRole("link", { name: "Menu" }).click();
  await expect(plain.getByRole("navigation", { name: "Main menu" })).toBeVisible();
  await plain.locator("details.language-menu summary").click();
  await plain.getByRole("link", { name: "繁體中文" }).click();
  await expect(plain).toHaveURL(/\/news\/$/);
  await expect(plain.locator("html")).toHaveAttribute("lang", "zh-Hant");
  await plain.context().close();
});

test("the colours and font staff choose in Wagtail are the site's, and a colour too light for white text is refused", async ({ browser }) => {
  const admin = await newPage(browser, DESKTOP);
  await signInToAdmin(admin);
  const save = async (primary: string, secondary: string, font: string) => {
    await admin.goto(djangoUrl("/admin/settings/site/organisationsettings/"));
    await admin.getByLabel("Primary colour").fill(primary);
    await admin.getByLabel("Secondary colour").fill(secondary);
    await admin.getByLabel("Font").selectOption(font);
    await admin.getByRole("button", { name: "Save" }).click();
  };
  try {
    // a light primary colour is refused with its contrast
    await save("#3b8ee0", "#c8e6c9", "serif");
    await expect(admin.getByText("White text on #3b8ee0 has a contrast of 3.42:1")).toBeVisible();
    await save("#7a1f5c", "#c8e6c9", "serif");
    await expect(admin.getByText("White text on")).toHaveCount(0);

    const page = await newPage(browser, PHONE);
    await page.goto(url("/"));
    const html = page.locator("html");
    await expect(html).toHaveAttribute("data-font", "serif");
    const look = await page.evaluate(() => {
      const donate = document.querySelector(".donate-button") as HTMLElement;
      const button = document.querySelector(".menu-button") as HTMLElement;
      return {
        accent: getComputedStyle(document.documentElement).getPropertyValue("--accent").trim(),
        donateBackground: getComputedStyle(donate).backgroundColor,
        donateText: getComputedStyle(donate).color,
        menuText: getComputedStyle(button).color,
        font: getComputedStyle(document.body).fontFamily,
      };
    });
    expect(look).toEqual({
      accent: "#7a1f5c",
      donateBackground: "rgb(200, 230, 201)",
      donateText: "rgb(0, 0, 0)", // black reads better than white on the light secondary colour
      menuText: "rgb(122, 31, 92)",
      font: expect.stringContaining("Iowan Old Style"),
    });
    await expectAccessible(page);
    await screenshot(page, "look-theme-phone");
    await page.context().close();
  } finally {
    await save("#0b5cad", "#f2a93b", "system-sans");
    await admin.context().close();
  }
});

for (const width of [320, 390]) {
  test(`every portal page fits a ${width}px screen, without sideways scrolling, and is axe clean`, async ({ browser }) => {
    const page = await newPage(browser, { width, height: 844 });
    await signIn(page);
    for (const path of PORTAL_PAGES) {
      await page.goto(url(path));
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await fitsTheScreen(page);
      await expectAccessible(page);
      await screenshot(page, `look-portal${path.replaceAll("/", "-").replace(/-$/, "")}-${width}`);
    }
    // memberships and gifts are cards, each value labelled, with their actions
    await page.goto(url("/portal/"));
    const membership = page.getByTestId("membership").first();
    await expect(membership).toHaveCSS("display", "block");
    await expect(membership.getByRole("link", { name: "Renew or change level" })).toBeVisible();
    const label = await membership.locator("td[data-label]").nth(1).evaluate((cell) => getComputedStyle(cell, "::before").content);
    expect(label).toBe('"Status"');
    await page.goto(url("/portal/giving/"));
    await expect(page.getByTestId("gift").first()).toHaveCSS("display", "block");
    await expect(page.getByText(/^\d+ gifts?, /)).toBeVisible();
    // the directory's count in the right plural
    await page.goto(url("/portal/directory/"));
    const count = (await page.getByRole("status").textContent()) ?? "";
    expect(count).toMatch(/^(1 member|[\d,]+ members) found$/);
    expect(count.startsWith("1 ") ? count === "1 member found" : count.endsWith("members found")).toBe(true);
    await page.context().close();
  });
}
