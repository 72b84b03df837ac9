import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { CmsPageView } from "@/components/CmsPageView";
import { pageMetadata } from "@/lib/metadata";
import { publicOrigin } from "@/lib/origin";
import { pageAt, pathFromSegments } from "@/lib/pages";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return pageMetadata(await pageAt(pathFromSegments((await params).slug)), await publicOrigin());
}

export default async function CmsRoute({ params }: Props) {
  const page = await pageAt(pathFromSegments((await params).slug));
  if (!page) notFound();
  return <CmsPageView page={page} />;
}
