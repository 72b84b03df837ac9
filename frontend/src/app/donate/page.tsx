import type { Metadata } from "next";

import { DonateForm, type DonorPrefill } from "@/components/donate/DonateForm";
import { type DonateSearchParams, appealCodeFrom, oneParam } from "@/components/donate/donateLink";
import { DonatePageDocument, EmailReaderDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { serverQuery } from "@/lib/server";
import { DEFAULT_STRIPE_JS_URL } from "@/lib/stripe";

/**
 * The donate page. `?campaign=<slug>` preselects a campaign; a campaign email's donate link adds `?source=<appeal
 * code>` (the gift is recorded under that appeal) and `&r=<token>` (who the email went to: the form is filled in
 * with their name and address when nobody is signed in). A stale code or a bad token is simply not used.
 */
export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<DonateSearchParams>;
}): Promise<Metadata> {
  const { t } = await i18n();
  // A personal link (`r`) is nobody else's: not indexed, and never passed on in a Referer.
  const personal = Boolean(oneParam((await searchParams).r));
  return { title: t.donate.title, ...(personal ? { robots: { index: false }, referrer: "no-referrer" } : {}) };
}

/** Stripe.js comes from STRIPE_JS_URL (localstripe's fake in tests and `make run`), read at run time. */
function stripeJsUrl(): string {
  return process.env.STRIPE_JS_URL || DEFAULT_STRIPE_JS_URL;
}

/** Who a campaign email's donate link was made for; null for a bad or expired token (and never fails the page). */
async function emailReader(token: string | undefined): Promise<DonorPrefill | null> {
  if (!token) return null;
  try {
    return (await serverQuery(EmailReaderDocument, { token })).emailReader ?? null;
  } catch {
    return null;
  }
}

export default async function DonatePage({ searchParams }: { searchParams: Promise<DonateSearchParams> }) {
  const { t } = await i18n();
  const params = await searchParams;
  const [options, reader] = await Promise.all([serverQuery(DonatePageDocument), emailReader(oneParam(params.r))]);
  const campaign = oneParam(params.campaign);
  const campaignId = options.campaigns.find((item) => item.slug === campaign)?.id;
  return (
    <>
      <h1>{t.donate.title}</h1>
      <p className="intro">{t.donate.intro}</p>
      <DonateForm
        options={options}
        campaignId={campaignId}
        appealCode={appealCodeFrom(params.source)}
        donor={options.viewer.signedIn ? undefined : (reader ?? undefined)}
        stripeJsUrl={stripeJsUrl()}
      />
    </>
  );
}
