import type { Metadata } from "next";

import { RecurringGiftCard } from "@/components/portal/RecurringGiftCard";
import { MyGivingPageDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { formatDate, formatMoney, interpolate, plural } from "@/i18n/format";
import { requireMe } from "@/lib/member";
import { serverQuery } from "@/lib/server";
import { DEFAULT_STRIPE_JS_URL } from "@/lib/stripe";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.giving.title, robots: { index: false } };
}

export default async function GivingPage() {
  const { locale, t } = await i18n();
  await requireMe("/portal/giving/");
  const { myGifts, myGiving, myRecurringGifts, donationOptions } = await serverQuery(MyGivingPageDocument);
  const money = (value: { amount: string; currency: string }) => formatMoney(value.amount, value.currency, locale);
  return (
    <>
      <h1>{t.giving.title}</h1>
      {myGiving ? (
        <p>
          {interpolate(t.counts.givingSummary, {
            gifts: plural(t.counts.gifts, myGiving.giftCount, locale),
            total: money(myGiving.lifetimeTotal),
            thisYear: money(myGiving.thisYearTotal),
          })}
        </p>
      ) : null}

      <h2>{t.giving.recurringHeading}</h2>
      {myRecurringGifts.length === 0 ? (
        <p>{t.giving.noRecurring}</p>
      ) : (
        <ul className="recurring-list">
          {myRecurringGifts.map((gift) => (
            <li key={gift.id}>
              <RecurringGiftCard
                initial={gift}
                publishableKey={donationOptions.stripePublishableKey}
                stripeJsUrl={process.env.STRIPE_JS_URL || DEFAULT_STRIPE_JS_URL}
              />
            </li>
          ))}
        </ul>
      )}

      <h2>{t.giving.historyHeading}</h2>
      {myGifts.edges.length === 0 ? (
        <p>{t.giving.noGifts}</p>
      ) : (
        // A table on wide screens; on a phone each gift is a card, each cell labelled (data-label).
        <table className="card-table">
          <caption className="visually-hidden">{t.giving.historyHeading}</caption>
          <thead>
            <tr>
              <th scope="col">{t.giving.date}</th>
              <th scope="col">{t.giving.amount}</th>
              <th scope="col">{t.giving.fund}</th>
              <th scope="col">{t.giving.status}</th>
              <th scope="col">{t.giving.receipt}</th>
            </tr>
          </thead>
          <tbody>
            {myGifts.edges.map(({ node }) => (
              <tr key={node.id} data-testid="gift">
                <td className="card-title" data-label={t.giving.date}>
                  {formatDate(node.giftDate, locale)}
                </td>
                <td data-label={t.giving.amount}>{money(node.amount)}</td>
                <td data-label={t.giving.fund}>
                  {node.fundName}
                  {node.campaignName ? <span className="meta"> · {node.campaignName}</span> : null}
                </td>
                <td data-label={t.giving.status}>{t.giving.giftStatuses[node.status]}</td>
                <td data-label={t.giving.receipt}>
                  {node.receipt ? (
                    <a href={node.receipt.downloadUrl} download>
                      {interpolate(t.giving.downloadReceipt, { number: node.receipt.number })}
                    </a>
                  ) : (
                    t.giving.noReceipt
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t.giving.statementsHeading}</h2>
      {myGiving?.statements.length ? (
        <ul>
          {myGiving.statements.map((statement) => (
            <li key={statement.year}>
              <a href={statement.downloadUrl} download>
                {interpolate(t.giving.statement, { year: statement.year })}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t.giving.noStatements}</p>
      )}
    </>
  );
}
