import type { Metadata } from "next";

import { DonateForm } from "@/components/donate/DonateForm";
import { DonatePageDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { serverQuery } from "@/lib/server";
import { DEFAULT_STRIPE_JS_URL } from "@/lib/stripe";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.donate.title };
}

/** Stripe.js comes from STRIPE_JS_URL (localstripe's fake in tests and `make run`), read at run time. */
function stripeJsUrl(): string {
  return process.env.STRIPE_JS_URL || DEFAULT_STRIPE_JS_URL;
}

export default async function DonatePage({ searchParams }: { searchParams: Promise<{ campaign?: string }> }) {
  const { t } = await i18n();
  const [options, { campaign }] = await Promise.all([serverQuery(DonatePageDocument), searchParams]);
  const campaignId = options.campaigns.find((item) => item.slug === campaign)?.id;
  return (
    <>
      <h1>{t.donate.title}</h1>
      <p className="intro">{t.donate.intro}</p>
      <DonateForm options={options} campaignId={campaignId} stripeJsUrl={stripeJsUrl()} />
    </>
  );
}
