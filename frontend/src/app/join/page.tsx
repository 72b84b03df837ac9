import type { Metadata } from "next";

import { JoinForm } from "@/components/join/JoinForm";
import { JoinPageDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { serverQuery } from "@/lib/server";
import { DEFAULT_STRIPE_JS_URL } from "@/lib/stripe";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.join.title };
}

export default async function JoinPage({
  searchParams,
}: {
  searchParams: Promise<{ level?: string; membership?: string }>;
}) {
  const { t } = await i18n();
  const [data, { level, membership }] = await Promise.all([serverQuery(JoinPageDocument), searchParams]);
  return (
    <>
      <h1>{membership ? t.join.renewTitle : t.join.title}</h1>
      <p className="intro">{t.join.intro}</p>
      <JoinForm
        data={data}
        initialLevel={level}
        membershipId={membership}
        stripeJsUrl={process.env.STRIPE_JS_URL || DEFAULT_STRIPE_JS_URL}
      />
    </>
  );
}
