import type { Metadata } from "next";
import Link from "next/link";

import { PasswordSignInForm, SignInLinkForm } from "@/components/account/SignInForms";
import { i18n } from "@/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.account.signInTitle, robots: { index: false } };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { t } = await i18n();
  const { next } = await searchParams;
  return (
    <>
      <h1>{t.account.signInTitle}</h1>
      <PasswordSignInForm next={next} />
      <SignInLinkForm />
      <p>
        {t.account.noAccount} <Link href="/account/sign-up/">{t.account.signUp}</Link>
      </p>
    </>
  );
}
