import type { Metadata } from "next";

import { VerifyEmail } from "@/components/account/TokenActions";
import { i18n } from "@/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.account.verifyTitle, robots: { index: false } };
}

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { t } = await i18n();
  const { token } = await searchParams;
  return (
    <>
      <h1>{t.account.verifyTitle}</h1>
      {token ? <VerifyEmail token={token} /> : <p>{t.account.missingToken}</p>}
    </>
  );
}
