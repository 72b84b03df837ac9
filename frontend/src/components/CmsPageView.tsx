import Link from "next/link";

import { i18n } from "@/i18n/server";
import { formatDate } from "@/i18n/format";
import type { CmsPage } from "@/lib/pages";

import { NewsletterArchiveView } from "./archive/NewsletterArchiveView";
import { Blocks } from "./Blocks";
import { CampaignPageView } from "./campaign/CampaignPageView";

export async function CmsPageView({ page }: { page: CmsPage }) {
  const { locale, t } = await i18n();
  switch (page.__typename) {
    case "CampaignPage":
      return <CampaignPageView page={page} />;
    case "HomePage":
    case "ContentPage":
      return (
        <article>
          <h1>{page.title}</h1>
          {page.intro ? <p className="intro">{page.intro}</p> : null}
          <Blocks blocks={page.body} />
        </article>
      );
    case "NewsIndexPage":
      return (
        <section aria-labelledby="page-title">
          <h1 id="page-title">{page.title}</h1>
          {page.intro ? <p className="intro">{page.intro}</p> : null}
          {page.newsItems.edges.length === 0 ? <p>{t.news.noItems}</p> : null}
          <ul className="news-list">
            {page.newsItems.edges.map(({ node }) => (
              <li key={node.id}>
                <h2>
                  <Link href={node.path ?? "/"}>{node.title}</Link>
                </h2>
                <p className="meta">
                  <time dateTime={node.date}>{formatDate(node.date, locale)}</time>
                </p>
                <p>{node.summary}</p>
              </li>
            ))}
          </ul>
        </section>
      );
    case "NewsletterArchivePage":
      return <NewsletterArchiveView page={page} />;
    case "NewsItemPage": {
      const published = t.news.publishedOn.split("{date}");
      return (
        <article>
          <h1>{page.title}</h1>
          <p className="meta">
            {published[0]}
            <time dateTime={page.date}>{formatDate(page.date, locale)}</time>
            {published[1]}
          </p>
          {page.summary ? <p className="intro">{page.summary}</p> : null}
          {page.image?.rendition ? (
            <figure className="block-image">
              <img
                src={page.image.rendition.url}
                width={page.image.rendition.width}
                height={page.image.rendition.height}
                alt={page.image.rendition.alt}
              />
            </figure>
          ) : null}
          <Blocks blocks={page.body} />
        </article>
      );
    }
    default:
      return null;
  }
}
