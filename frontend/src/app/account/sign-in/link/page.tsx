import type { Metadata } from "next";

import { SignInWithLink } from "@/components/account/TokenActions";
import { i18n } from "@/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.account.linkSignInTitle, robots: { index: false } };
}

export default async function LinkSignInPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { t } = await i18n();
  const { token } = await searchParams;
  return (
    <>
      <h1>{t.account.linkSignInTitle}</h1>
      {token ? <SignInWithLink token={token} /> : <p>{t.account.missingToken}</p>}
    </>
  );
}
