"use client";
/**
 * What a purchase will charge now and until when the membership then runs, before paying: asked of the API
 * (membershipPurchaseQuote, the same rules the purchase uses), never worked out here.
 */
import { useEffect, useState } from "react";

import { MembershipPurchaseQuoteDocument, type MembershipPurchaseQuoteQuery } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { formatDate, formatMoney, interpolate } from "@/i18n/format";
import { request } from "@/lib/client";

import styles from "./PurchaseQuote.module.css";

type Quote = NonNullable<MembershipPurchaseQuoteQuery["membershipPurchaseQuote"]>;

export function PurchaseQuote({ levelId, membershipId }: { levelId: string; membershipId?: string | null }) {
  const { t, locale } = useI18n();
  const [quote, setQuote] = useState<{ key: string; value: Quote | null } | null>(null);
  const key = `${levelId}|${membershipId ?? ""}`;

  useEffect(() => {
    if (!levelId) return;
    let current = true;
    request(MembershipPurchaseQuoteDocument, { levelId, membershipId: membershipId ?? null })
      .then((data) => {
        if (current) setQuote({ key, value: data.membershipPurchaseQuote ?? null });
      })
      .catch(() => {
        if (current) setQuote({ key, value: null }); // the purchase itself says what is wrong
      });
    return () => {
      current = false;
    };
  }, [levelId, membershipId, key]);

  const value = quote?.key === key ? quote.value : null;
  if (!value) return null;
  const amount = formatMoney(value.amount.amount, value.amount.currency, locale);
  const text = value.endDate
    ? interpolate(t.join.quote, { amount, end: formatDate(value.endDate, locale) })
    : interpolate(t.join.quoteLifetime, { amount });
  return (
    <p className={styles.quote} role="status" data-testid="purchase-quote">
      {text}
    </p>
  );
}
