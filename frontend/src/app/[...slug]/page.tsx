import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { CmsPageView } from "@/components/CmsPageView";
import { pageMetadata } from "@/lib/metadata";
import { publicOrigin } from "@/lib/origin";
import { pageAt, pathFromSegments } from "@/lib/pages";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string[] }>; searchParams: Promise<{ after?: string | string[] }> };

/** The page's `?after=` cursor (the newsletter archive's next page), one value or none. */
async function after(searchParams: Props["searchParams"]): Promise<string | null> {
  const value = (await searchParams).after;
  return (Array.isArray(value) ? value[0] : value) || null;
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  return pageMetadata(await pageAt(pathFromSegments((await params).slug), await after(searchParams)), await publicOrigin());
}

export default async function CmsRoute({ params, searchParams }: Props) {
  const page = await pageAt(pathFromSegments((await params).slug), await after(searchParams));
  if (!page) notFound();
  return <CmsPageView page={page} />;
}
