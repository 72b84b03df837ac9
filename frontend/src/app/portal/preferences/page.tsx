import type { Metadata } from "next";

import { ConsentForm } from "@/components/portal/ConsentForm";
import { DirectoryVisibilityForm } from "@/components/portal/DirectoryVisibilityForm";
import { EmailSuppressionNotice } from "@/components/portal/EmailSuppressionNotice";
import { MemberEmailSuppressionDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { requireMe } from "@/lib/member";
import { serverQuery } from "@/lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.portal.preferencesTitle, robots: { index: false } };
}

export default async function PreferencesPage() {
  const { t } = await i18n();
  const [me, stop] = await Promise.all([requireMe("/portal/preferences/"), serverQuery(MemberEmailSuppressionDocument)]);
  const suppression = stop.me?.emailSuppression;
  return (
    <>
      <h1>{t.portal.preferencesTitle}</h1>
      <p>{t.portal.preferencesIntro}</p>
      {suppression ? <EmailSuppressionNotice suppression={suppression} /> : null}
      <ConsentForm consents={me.consents} />
      <h2>{t.portal.directoryVisibilityTitle}</h2>
      <DirectoryVisibilityForm visibility={me.directoryVisibility} />
    </>
  );
}
