/** CMS pages for server components: one fetch per path and request, shared by the page and its metadata. */
import { cache } from "react";

import { PageDocument, type PageQuery } from "@/generated/graphql";

import { serverQuery } from "./server";

export type CmsPage = NonNullable<PageQuery["page"]>;

export const pageAt = cache(async (path: string): Promise<CmsPage | null> => {
  const data = await serverQuery(PageDocument, { path });
  return data.page ?? null;
});

/** The path a catch-all route's segments stand for, in Wagtail's form (/about/team/). */
export function pathFromSegments(segments: readonly string[] | undefined): string {
  const parts = (segments ?? []).map((segment) => encodeURIComponent(decodeURIComponent(segment)));
  return parts.length ? `/${parts.join("/")}/` : "/";
}
