import type { Metadata } from "next";

import { ResetPasswordForm } from "@/components/account/AccountForms";
import { i18n } from "@/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.account.resetTitle, robots: { index: false } };
}

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ uid?: string; token?: string }>;
}) {
  const { t } = await i18n();
  const { uid, token } = await searchParams;
  return (
    <>
      <h1>{t.account.resetTitle}</h1>
      {uid && token ? <ResetPasswordForm uid={uid} token={token} /> : <p>{t.account.missingToken}</p>}
    </>
  );
}
