import type { Metadata } from "next";

import { ConfirmEmail } from "@/components/account/TokenActions";
import { i18n } from "@/i18n/server";
import { requireMe } from "@/lib/member";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.account.confirmEmailTitle, robots: { index: false } };
}

/** The link mailed to a new address: it takes effect only for the member who asked, so sign-in comes first. */
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { t } = await i18n();
  const { token } = await searchParams;
  if (!token) {
    return (
      <>
        <h1>{t.account.confirmEmailTitle}</h1>
        <p>{t.account.missingToken}</p>
      </>
    );
  }
  const me = await requireMe(`/account/confirm-email/?token=${encodeURIComponent(token)}`);
  return (
    <>
      <h1>{t.account.confirmEmailTitle}</h1>
      <ConfirmEmail token={token} pendingEmail={me.pendingEmail ?? null} />
    </>
  );
}
