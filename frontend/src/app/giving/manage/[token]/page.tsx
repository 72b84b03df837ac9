import type { Metadata } from "next";

import { ManageGift } from "@/components/giving/ManageGift";
import { ManageGiftPageDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { serverQuery } from "@/lib/server";
import { DEFAULT_STRIPE_JS_URL } from "@/lib/stripe";

/**
 * The page a regular donor's emailed manage link opens (`manage_link` in steward/donations/manage_links.py): change
 * the amount or the card, pause, resume or cancel the gift without an account. The signed token in the path is
 * the credential; the gift is read in the browser (ManageGift), so the API counts each use against the visitor's
 * address rather than this server's.
 */
export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  // The token is in the path: no Referer carries it to the card form's scripts or to a page linked from here.
  return { title: t.manageGift.title, robots: { index: false }, referrer: "no-referrer" };
}

/** The token as it was signed (Django's signatures never hold `%`, so decoding is safe, and harmless if done). */
function tokenFrom(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export default async function ManageGiftPage({ params }: { params: Promise<{ token: string }> }) {
  const token = tokenFrom((await params).token);
  const { donationOptions } = await serverQuery(ManageGiftPageDocument);
  return (
    <ManageGift
      token={token}
      publishableKey={donationOptions.stripePublishableKey}
      stripeJsUrl={process.env.STRIPE_JS_URL || DEFAULT_STRIPE_JS_URL}
    />
  );
}
