/** CMS pages for server components: one fetch per path and request, shared by the page and its metadata. */
import { cache } from "react";

import { PageDocument, type PageContentFragment, PagePreviewDocument } from "@/generated/graphql";

import { serverQuery } from "./server";

export type CmsPage = PageContentFragment;

export const pageAt = cache(async (path: string): Promise<CmsPage | null> => {
  const data = await serverQuery(PageDocument, { path });
  return data.page ?? null;
});

/** The path a catch-all route's segments stand for, in Wagtail's form (/about/team/). */
export function pathFromSegments(segments: readonly string[] | undefined): string {
  const parts = (segments ?? []).map((segment) => encodeURIComponent(decodeURIComponent(segment)));
  return parts.length ? `/${parts.join("/")}/` : "/";
}

/** The draft an editor previews from Wagtail; null when the token is unknown, forged or expired. */
export async function pagePreview(contentType: string, token: string): Promise<CmsPage | null> {
  const data = await serverQuery(PagePreviewDocument, { contentType, token });
  return data.pagePreview ?? null;
}
