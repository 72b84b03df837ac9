import type { Metadata } from "next";
import Link from "next/link";

import { i18n } from "@/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.site.notFoundTitle };
}

export default async function NotFound() {
  const { t } = await i18n();
  return (
    <>
      <h1>{t.site.notFoundTitle}</h1>
      <p>{t.site.notFoundText}</p>
      <p>
        <Link href="/">{t.site.backHome}</Link>
      </p>
    </>
  );
}
