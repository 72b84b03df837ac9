import type { Metadata } from "next";
import Link from "next/link";

import { FocusedNotice } from "@/components/donate/FocusedNotice";
import { StartedRecurringGiftDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { formatDate, formatMoney, interpolate } from "@/i18n/format";
import { serverQuery } from "@/lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  // A regular gift's page carries its manage link: no Referer takes it anywhere.
  return { title: t.donate.thanksTitle, robots: { index: false }, referrer: "no-referrer" };
}

type Params = { amount?: string; currency?: string; status?: string; frequency?: string };

/** The regular gift this browser has just started (its session says which), or null; never fails the page. */
async function startedRecurringGift() {
  try {
    return (await serverQuery(StartedRecurringGiftDocument)).startedRecurringGift;
  } catch {
    return null;
  }
}

/** A link the API made on the site's own address, as a path (so it follows the site wherever it runs). */
function sitePath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

export default async function ThankYouPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { t, locale } = await i18n();
  const { amount = "0", currency = "USD", status, frequency } = await searchParams;
  let formatted: string;
  try {
    formatted = formatMoney(amount, currency, locale);
  } catch {
    formatted = amount;
  }
  const recurring = frequency && frequency !== "ONCE";
  const started = status === "SUCCEEDED" && recurring ? await startedRecurringGift() : null;
  if (started) {
    // The gift as the API holds it: its amount, how often and the next charge, with the link to manage it.
    return (
      <>
        <h1>{t.donate.thanksTitle}</h1>
        <FocusedNotice>
          <p>
            {interpolate(t.manageGift.thanksRecurring, {
              amount: formatMoney(started.amount.amount, started.amount.currency, locale),
              frequency: t.manageGift.frequencyWords[started.frequency],
            })}
          </p>
          {started.nextChargeDate ? (
            <p>{interpolate(t.manageGift.thanksNext, { date: formatDate(started.nextChargeDate, locale) })}</p>
          ) : null}
        </FocusedNotice>
        {started.manageUrl ? (
          <p>
            <Link href={sitePath(started.manageUrl)}>{t.manageGift.manageLink}</Link>
          </p>
        ) : null}
        <p>
          <Link href="/donate/">{t.donate.giveAgain}</Link>
        </p>
      </>
    );
  }
  const template =
    status !== "SUCCEEDED" ? t.donate.thanksProcessing : recurring ? t.donate.thanksRecurring : t.donate.thanksOnce;
  return (
    <>
      <h1>{t.donate.thanksTitle}</h1>
      <FocusedNotice>
        <p>{interpolate(template, { amount: formatted })}</p>
      </FocusedNotice>
      <p>
        <Link href="/donate/">{t.donate.giveAgain}</Link>
      </p>
    </>
  );
}
