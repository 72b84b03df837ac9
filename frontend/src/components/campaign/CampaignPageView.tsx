/**
 * A campaign's page, server-rendered: the hero image, the goal with its percentage (shown past 100 %) and bar, the
 * days left, the latest supporters (a given name only for those who asked, else "Anonymous"), plain share links,
 * the story, and the donate form on the page, given the campaign.
 */
import { Blocks } from "@/components/Blocks";
import { DonateForm } from "@/components/donate/DonateForm";
import { DonatePageDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { formatDate, formatMoney, interpolate } from "@/i18n/format";
import { publicOrigin } from "@/lib/origin";
import type { CmsPage } from "@/lib/pages";
import { serverQuery } from "@/lib/server";
import { DEFAULT_STRIPE_JS_URL } from "@/lib/stripe";

import styles from "./CampaignPage.module.css";
import { campaignTime, shareLinks } from "./share";

type CampaignPage = Extract<CmsPage, { __typename: "CampaignPage" }>;

const NETWORK_LABEL = { email: "shareEmail", facebook: "shareFacebook", x: "shareX", whatsapp: "shareWhatsApp" } as const;

export async function CampaignPageView({ page }: { page: CampaignPage }) {
  const { locale, t } = await i18n();
  const campaign = page.campaign;
  const [options, origin] = await Promise.all([campaign ? serverQuery(DonatePageDocument) : null, publicOrigin()]);
  const hero = page.heroImage?.rendition;
  const url = `${origin}${page.path ?? "/"}`;
  const hasGoal = campaign && Number(campaign.goal.amount) > 0;
  const percent = campaign?.percent ?? 0;
  const time = campaign ? campaignTime(campaign) : { kind: "none" as const };
  const timeText =
    time.kind === "ended"
      ? campaign?.endDate
        ? interpolate(t.give.endedOn, { date: formatDate(campaign.endDate, locale) })
        : t.give.ended
      : time.kind === "lastDay"
        ? t.give.lastDay
        : time.kind === "daysLeft"
          ? time.count === 1
            ? t.give.dayLeft
            : interpolate(t.give.daysLeft, { count: time.count })
          : null;
  const percentText = interpolate(percent >= 100 ? t.give.percentReached : t.give.percentOfGoal, { percent });

  return (
    <article>
      {hero ? (
        <figure className={styles.hero}>
          <img src={hero.url} width={hero.width} height={hero.height} alt={hero.alt} fetchPriority="high" />
        </figure>
      ) : null}
      <h1>{page.title}</h1>
      {page.intro ? <p className="intro">{page.intro}</p> : null}
      {campaign ? (
        <section className={styles.progress} aria-label={t.donate.progressLabel}>
          {hasGoal ? (
            <>
              <p className={styles.raised}>
                {interpolate(t.donate.progress, {
                  raised: formatMoney(campaign.raised.amount, campaign.raised.currency, locale),
                  goal: formatMoney(campaign.goal.amount, campaign.goal.currency, locale),
                })}
              </p>
              <div
                className={`progress ${styles.bar}`}
                role="progressbar"
                aria-label={t.donate.progressLabel}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.max(0, Math.min(100, percent))}
                aria-valuetext={percentText}
              >
                <div className="progress-bar" style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />
              </div>
            </>
          ) : null}
          <ul className={styles.stats}>
            {hasGoal ? (
              <li className={percent >= 100 ? styles.reached : undefined} data-testid="campaign-percent">
                {percentText}
              </li>
            ) : null}
            <li>{interpolate(t.donate.donors, { count: campaign.donorCount })}</li>
            {timeText ? (
              <li data-testid="campaign-time">
                {time.kind === "ended" || !campaign.endDate ? (
                  timeText
                ) : (
                  <time dateTime={campaign.endDate} title={interpolate(t.give.endsOn, { date: formatDate(campaign.endDate, locale) })}>
                    {timeText}
                  </time>
                )}
              </li>
            ) : null}
          </ul>
          <p className={styles.actions}>
            <a className="button" href="#give">
              {page.callToAction || t.donate.donateToCampaign}
            </a>
          </p>
        </section>
      ) : null}
      <div className={styles.columns}>
        <div>
          <Blocks blocks={page.body} />
        </div>
        <aside className="stack">
          {campaign ? (
            <section aria-labelledby="campaign-supporters">
              <h2 id="campaign-supporters">{t.give.supporters}</h2>
              {campaign.recentSupporters.length ? (
                <ul className={styles.supporters}>
                  {campaign.recentSupporters.map((supporter, index) => (
                    <li key={`${supporter.giftDate}-${index}`}>
                      <span>{supporter.givenName ?? t.give.anonymous}</span>
                      <time className="meta" dateTime={supporter.giftDate}>
                        {formatDate(supporter.giftDate, locale)}
                      </time>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{t.give.noSupporters}</p>
              )}
            </section>
          ) : null}
          <section aria-labelledby="campaign-share">
            <h2 id="campaign-share">{t.give.share}</h2>
            <ul className={styles.shareList}>
              {shareLinks(url, interpolate(t.give.shareText, { title: page.title })).map((link) => (
                <li key={link.network}>
                  {link.network === "email" ? (
                    <a href={link.href}>{t.give[NETWORK_LABEL[link.network]]}</a>
                  ) : (
                    <a href={link.href} target="_blank" rel="noopener noreferrer">
                      {t.give[NETWORK_LABEL[link.network]]}
                      <span className="visually-hidden"> {t.give.shareNewWindow}</span>
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
      {campaign && options ? (
        <section id="give" className={styles.give} aria-labelledby="campaign-give">
          <h2 id="campaign-give">{t.give.giveHeading}</h2>
          <DonateForm
            options={options}
            fixedCampaign={{ id: campaign.id, name: page.title }}
            stripeJsUrl={process.env.STRIPE_JS_URL || DEFAULT_STRIPE_JS_URL}
          />
        </section>
      ) : null}
    </article>
  );
}
