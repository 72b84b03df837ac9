import type { Metadata } from "next";

import { ForgotPasswordForm } from "@/components/account/AccountForms";
import { i18n } from "@/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.account.forgotTitle, robots: { index: false } };
}

export default async function ForgotPasswordPage() {
  const { t } = await i18n();
  return (
    <>
      <h1>{t.account.forgotTitle}</h1>
      <ForgotPasswordForm />
    </>
  );
}
