import type { Metadata } from "next";

import { SignUpForm } from "@/components/account/AccountForms";
import { i18n } from "@/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.account.signUpTitle, robots: { index: false } };
}

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ email?: string | string[] }> }) {
  const { t } = await i18n();
  // An invitation (a regular gift's email or manage page) fills in the address the gift was made with.
  const { email } = await searchParams;
  return (
    <>
      <h1>{t.account.signUpTitle}</h1>
      <SignUpForm defaultEmail={typeof email === "string" ? email.slice(0, 254) : ""} />
    </>
  );
}
