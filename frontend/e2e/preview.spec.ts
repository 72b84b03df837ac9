import { expect, test } from "@playwright/test";

import { djangoUrl, expectAccessible, screenshot, signInToAdmin, url } from "./support";

test("an editor's Wagtail preview opens the draft, unsaved changes included, on the frontend", async ({ page }) => {
  await signInToAdmin(page);

  // the About us page's id, from its relay global id
  const about = await page.request.get(url(`/graphql/?query=${encodeURIComponent('{ page(path: "/about/") { id title } }')}`), {
    headers: { Accept: "application/json" },
  });
  const { data } = (await about.json()) as { data: { page: { id: string; title: string } } };
  const pageId = Buffer.from(data.page.id, "base64").toString().split(":")[1];

  // the editor previews an unsaved change (what the preview panel posts, then loads)
  const previewUrl = djangoUrl(`/admin/pages/${pageId}/edit/preview/`);
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === "csrftoken")?.value ?? "";
  const posted = await page.request.post(previewUrl, {
    form: { csrfmiddlewaretoken: csrf, title: data.page.title, slug: "about", intro: "An unsaved intro, previewed.", "body-count": "0" },
    headers: { Referer: djangoUrl(`/admin/pages/${pageId}/edit/`) },
  });
  expect(((await posted.json()) as { is_valid: boolean }).is_valid).toBe(true);
  await page.goto(previewUrl);
  const frame = page.locator("iframe");
  const frontendPreview = (await frame.getAttribute("src")) ?? "";
  expect(frontendPreview).toContain("/preview/?");
  // the admin's preview frames the frontend (the frontend allows that for /preview/ only)
  await expect(page.frameLocator("iframe").getByText("An unsaved intro, previewed.")).toBeVisible();

  // the preview page itself
  const response = await page.goto(frontendPreview);
  expect(response?.headers()["content-security-policy"]).toContain(`frame-ancestors 'self' ${process.env.E2E_DJANGO_URL}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("About us");
  await expect(page.getByText("An unsaved intro, previewed.")).toBeVisible();
  await expect(page.getByText("Draft preview")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "wagtail-preview");

  // the live page is unchanged, and may not be framed by others
  const live = await page.goto(url("/about/"));
  expect(live?.headers()["x-frame-options"]).toBe("SAMEORIGIN");
  await expect(page.getByText("An unsaved intro, previewed.")).toHaveCount(0);

  // a forged token shows no draft
  await page.goto(url("/preview/?content_type=site.contentpage&token=forged"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Preview unavailable");
});
