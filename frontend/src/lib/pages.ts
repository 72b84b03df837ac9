/** CMS pages for server components: one fetch per path and request, shared by the page and its metadata. */
import { cache } from "react";

import { PageDocument, type PageContentFragment, PagePreviewDocument } from "@/generated/graphql";

import { GraphQLErrors } from "./graphql";
import { serverQuery } from "./server";

export type CmsPage = PageContentFragment;

/**
 * `archiveAfter`: the newsletter archive's `?after=` cursor (where its list goes on from); other pages ignore it. A
 * cursor the API refuses (mangled in the address bar) gives the page from its start.
 */
export const pageAt = cache(async (path: string, archiveAfter: string | null = null): Promise<CmsPage | null> => {
  try {
    return (await serverQuery(PageDocument, { path, archiveAfter })).page ?? null;
  } catch (error) {
    if (!(error instanceof GraphQLErrors) || archiveAfter === null) throw error;
    return (await serverQuery(PageDocument, { path, archiveAfter: null })).page ?? null;
  }
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
