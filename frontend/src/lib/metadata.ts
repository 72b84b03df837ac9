import type { Metadata } from "next";

import type { CmsPage } from "./pages";

/**
 * <title>, description and Open Graph tags of a CMS page (the SEO title, else the title); a campaign's hero image is
 * its link preview's image (absolute, on `origin`).
 */
export function pageMetadata(page: CmsPage | null, origin?: string): Metadata {
  if (!page) return {};
  const description = page.searchDescription || ("intro" in page ? page.intro : "") || ("summary" in page ? page.summary : "");
  return {
    // The home page's title stands alone; others get " · <site>" from the layout's template.
    title: page.__typename === "HomePage" ? { absolute: page.seoTitle } : page.seoTitle,
    description: description || undefined,
    openGraph: {
      title: page.seoTitle,
      description: description || undefined,
      type: page.__typename === "NewsItemPage" ? "article" : "website",
      ...(page.__typename === "CampaignPage" && page.heroImage?.rendition && origin
        ? {
            url: `${origin}${page.path ?? "/"}`,
            images: [
              {
                url: new URL(page.heroImage.rendition.url, origin).toString(),
                width: page.heroImage.rendition.width,
                height: page.heroImage.rendition.height,
                alt: page.heroImage.rendition.alt,
              },
            ],
          }
        : {}),
    },
  };
}
