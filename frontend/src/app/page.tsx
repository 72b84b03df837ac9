import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { CmsPageView } from "@/components/CmsPageView";
import { pageAt } from "@/lib/pages";
import { pageMetadata } from "@/lib/metadata";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return pageMetadata(await pageAt("/"));
}

export default async function HomePage() {
  const page = await pageAt("/");
  if (!page) notFound();
  return <CmsPageView page={page} />;
}
