import type { Metadata } from "next";

import Link from "next/link";

import { AutoRenewToggle } from "@/components/portal/AutoRenewToggle";
import { i18n } from "@/i18n/server";
import { formatDate, formatMoney, interpolate } from "@/i18n/format";
import { requireMe } from "@/lib/member";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.portal.dashboardTitle, robots: { index: false } };
}

export default async function DashboardPage() {
  const { locale, t } = await i18n();
  const me = await requireMe("/portal/");
  return (
    <>
      <h1>{t.portal.dashboardTitle}</h1>
      <p>{interpolate(t.portal.welcome, { name: me.preferredName || me.givenName || me.displayName })}</p>
      <h2>{t.portal.membershipsHeading}</h2>
      {me.memberships.length === 0 ? (
        <p>{t.portal.noMemberships}</p>
      ) : (
        // A table on wide screens; on a phone each membership is a card, each cell labelled (data-label).
        <table className="card-table">
          <caption className="visually-hidden">{t.portal.membershipsHeading}</caption>
          <thead>
            <tr>
              <th scope="col">{t.portal.level}</th>
              <th scope="col">{t.portal.status}</th>
              <th scope="col">{t.portal.validUntil}</th>
              <th scope="col">{t.portal.price}</th>
              <th scope="col">{t.portal.autoRenew}</th>
              <th scope="col">{t.membership.actions}</th>
            </tr>
          </thead>
          <tbody>
            {me.memberships.map((membership) => (
              <tr key={membership.id} data-testid="membership">
                <td className="card-title" data-label={t.portal.level}>
                  {membership.level.name}
                  {membership.isGift ? <span className="meta"> ({t.portal.giftMembership})</span> : null}
                </td>
                <td data-label={t.portal.status}>
                  <span className={`badge badge-${membership.status.toLowerCase()}`}>{t.portal.statuses[membership.status]}</span>
                </td>
                <td data-label={t.portal.validUntil}>
                  {membership.endDate ? formatDate(membership.endDate, locale) : t.portal.lifetime}
                </td>
                <td data-label={t.portal.price}>
                  {formatMoney(membership.level.price.amount, membership.level.price.currency, locale)}
                </td>
                <td data-label={t.portal.autoRenew}>{membership.autoRenew ? t.portal.yes : t.portal.no}</td>
                <td className="card-actions" data-label={t.membership.actions}>
                  <div className="actions">
                    {membership.level.term !== "LIFETIME" && !membership.isGift && membership.status !== "CANCELLED" ? (
                      <>
                        <Link
                          className="button"
                          href={`/join/?membership=${encodeURIComponent(membership.id)}&level=${encodeURIComponent(membership.level.id)}`}
                        >
                          {t.membership.renew}
                        </Link>
                        <AutoRenewToggle membershipId={membership.id} initial={membership.autoRenew} />
                      </>
                    ) : null}
                    <a className="button secondary" href={`/members/card/${encodeURIComponent(membership.id)}/`}>
                      {t.membership.downloadCard}
                    </a>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
