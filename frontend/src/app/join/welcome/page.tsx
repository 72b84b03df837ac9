import type { Metadata } from "next";
import Link from "next/link";

import { i18n } from "@/i18n/server";
import { formatMoney, interpolate } from "@/i18n/format";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.join.welcomeTitle, robots: { index: false } };
}

export default async function WelcomePage({
  searchParams,
}: {
  searchParams: Promise<{ amount?: string; currency?: string; gift?: string }>;
}) {
  const { t, locale } = await i18n();
  const { amount = "0", currency = "USD", gift } = await searchParams;
  let formatted = amount;
  try {
    formatted = formatMoney(amount, currency, locale);
  } catch {
    // an odd currency in the address: show the number as it is
  }
  return (
    <>
      <h1>{t.join.welcomeTitle}</h1>
      <p className="notice" role="status">
        {interpolate(gift ? t.join.giftText : t.join.welcomeText, { amount: formatted })}
      </p>
      <p>
        <Link href="/portal/">{t.join.toPortal}</Link>
      </p>
    </>
  );
}
