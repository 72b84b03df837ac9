import type { Metadata } from "next";
import Link from "next/link";

import { AuthenticateCharge } from "@/components/giving/AuthenticateCharge";
import { ChargeAuthenticationPageDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { serverQuery } from "@/lib/server";
import { DEFAULT_STRIPE_JS_URL } from "@/lib/stripe";

/**
 * The page a recurring donor's "please confirm your payment" email links to (`authentication_link` in
 * steward/donations/recurring.py): the charge, confirmed with Stripe.js (3-D Secure), then recorded by the API.
 * The signed token in the path is the credential: the donor need not be signed in.
 */
export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.authenticate.title, robots: { index: false } };
}

/** The token as it was signed (Django's signatures never hold `%`, so decoding is safe, and harmless if done). */
function tokenFrom(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export default async function AuthenticateChargePage({ params }: { params: Promise<{ token: string }> }) {
  const { t } = await i18n();
  const token = tokenFrom((await params).token);
  const { chargeAuthentication: charge, donationOptions } = await serverQuery(ChargeAuthenticationPageDocument, {
    token,
  });
  if (charge.__typename === "OperationInfo") {
    const codes = charge.messages.map((message) => message.code);
    const [title, text] = codes.includes("link_expired")
      ? [t.authenticate.expiredTitle, t.authenticate.expiredText]
      : codes.includes("unavailable")
        ? [t.site.errorTitle, t.authenticate.unavailable]
        : [t.authenticate.invalidTitle, t.authenticate.invalidText];
    return (
      <>
        <h1>{title}</h1>
        <div className="alert" role="alert">
          <p>{text}</p>
        </div>
        <p>
          <Link href="/portal/giving/">{t.authenticate.toGiving}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t.authenticate.title}</h1>
      <AuthenticateCharge
        token={token}
        initial={charge}
        publishableKey={donationOptions.stripePublishableKey}
        stripeJsUrl={process.env.STRIPE_JS_URL || DEFAULT_STRIPE_JS_URL}
      />
    </>
  );
}
