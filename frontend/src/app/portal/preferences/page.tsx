import type { Metadata } from "next";

import { ConsentForm } from "@/components/portal/ConsentForm";
import { DirectoryVisibilityForm } from "@/components/portal/DirectoryVisibilityForm";
import { i18n } from "@/i18n/server";
import { requireMe } from "@/lib/member";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.portal.preferencesTitle, robots: { index: false } };
}

export default async function PreferencesPage() {
  const { t } = await i18n();
  const me = await requireMe("/portal/preferences/");
  return (
    <>
      <h1>{t.portal.preferencesTitle}</h1>
      <p>{t.portal.preferencesIntro}</p>
      <ConsentForm consents={me.consents} />
      <h2>{t.portal.directoryVisibilityTitle}</h2>
      <DirectoryVisibilityForm visibility={me.directoryVisibility} />
    </>
  );
}
