import type { Metadata } from "next";

import { SignUpForm } from "@/components/account/AccountForms";
import { i18n } from "@/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.account.signUpTitle, robots: { index: false } };
}

export default async function SignUpPage() {
  const { t } = await i18n();
  return (
    <>
      <h1>{t.account.signUpTitle}</h1>
      <SignUpForm />
    </>
  );
}
