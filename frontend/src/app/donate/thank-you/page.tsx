import type { Metadata } from "next";
import Link from "next/link";

import { FocusedNotice } from "@/components/donate/FocusedNotice";
import { i18n } from "@/i18n/server";
import { formatMoney, interpolate } from "@/i18n/format";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.donate.thanksTitle, robots: { index: false } };
}

type Params = { amount?: string; currency?: string; status?: string; frequency?: string };

export default async function ThankYouPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { t, locale } = await i18n();
  const { amount = "0", currency = "USD", status, frequency } = await searchParams;
  let formatted: string;
  try {
    formatted = formatMoney(amount, currency, locale);
  } catch {
    formatted = amount;
  }
  const template =
    status !== "SUCCEEDED"
      ? t.donate.thanksProcessing
      : frequency && frequency !== "ONCE"
        ? t.donate.thanksRecurring
        : t.donate.thanksOnce;
  return (
    <>
      <h1>{t.donate.thanksTitle}</h1>
      <FocusedNotice>{interpolate(template, { amount: formatted })}</FocusedNotice>
      <p>
        <Link href="/donate/">{t.donate.giveAgain}</Link>
      </p>
    </>
  );
}
