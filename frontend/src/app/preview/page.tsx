import type { Metadata } from "next";

import { CmsPageView } from "@/components/CmsPageView";
import { i18n } from "@/i18n/server";
import { pagePreview } from "@/lib/pages";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { robots: { index: false, follow: false } };

type Props = { searchParams: Promise<{ content_type?: string; token?: string }> };

/** Wagtail's preview (wagtail-headless-preview): the draft, with the editor's unsaved changes, as it will look. */
export default async function PreviewPage({ searchParams }: Props) {
  const { t } = await i18n();
  const { content_type: contentType, token } = await searchParams;
  const page = contentType && token ? await pagePreview(contentType, token) : null;
  if (!page) {
    return (
      <>
        <h1>{t.preview.unavailableTitle}</h1>
        <p>{t.preview.unavailableText}</p>
      </>
    );
  }
  return (
    <>
      <p className="notice" role="note">
        {t.preview.banner}
      </p>
      <CmsPageView page={page} />
    </>
  );
}
