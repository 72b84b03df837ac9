/**
 * The newsletter archive page: its introduction, then the past newsletters staff chose to show, newest first, each
 * opening its public copy (Django's /mail/archive/<id>/, forwarded by the frontend); a page at a time with plain
 * links (`?after=`), so it needs no JavaScript.
 */
import Link from "next/link";

import { i18n } from "@/i18n/server";
import { formatDate, interpolate, plural } from "@/i18n/format";
import type { CmsPage } from "@/lib/pages";

type ArchivePage = Extract<CmsPage, { __typename: "NewsletterArchivePage" }>;

export async function NewsletterArchiveView({ page }: { page: ArchivePage }) {
  const { locale, t } = await i18n();
  const { newsletters } = page;
  const path = page.path ?? "/";
  const sentOn = (date: string) => interpolate(t.newsletterArchive.sentOn, { date: formatDate(date, locale) });
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{page.title}</h1>
      {page.intro ? <p className="intro">{page.intro}</p> : null}
      {newsletters.edges.length === 0 ? (
        <p>{t.newsletterArchive.empty}</p>
      ) : (
        <>
          <p className="meta">{plural(t.newsletterArchive.total, newsletters.totalCount ?? 0, locale)}</p>
          <ul className="news-list">
            {newsletters.edges.map(({ node }) => (
              <li key={node.id} data-testid="newsletter">
                <h2>
                  <a href={node.url}>{node.subject}</a>
                </h2>
                <p className="meta">
                  <time dateTime={node.sentAt}>{sentOn(node.sentAt)}</time>
                </p>
                {node.preheader ? <p>{node.preheader}</p> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {newsletters.pageInfo.hasNextPage || newsletters.pageInfo.hasPreviousPage ? (
        <nav aria-label={t.newsletterArchive.pages} className="actions">
          {newsletters.pageInfo.hasPreviousPage ? <Link href={path}>{t.newsletterArchive.newest}</Link> : null}
          {newsletters.pageInfo.hasNextPage && newsletters.pageInfo.endCursor ? (
            <Link href={`${path}?${new URLSearchParams({ after: newsletters.pageInfo.endCursor })}`}>
              {t.newsletterArchive.older}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
