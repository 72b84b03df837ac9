import type { Metadata } from "next";
import Link from "next/link";

import { directoryCountText } from "@/components/portal/directory-count";
import { MemberDirectoryDocument, type MemberDirectoryQuery } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { GraphQLErrors } from "@/lib/graphql";
import { requireMe } from "@/lib/member";
import { serverQuery } from "@/lib/server";

const PAGE_SIZE = 25;

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.portal.directoryTitle, robots: { index: false } };
}

type Props = { searchParams: Promise<{ search?: string; after?: string }> };

/** Server-rendered search (a GET form): no JavaScript needed, and the URL can be shared or bookmarked. */
export default async function DirectoryPage({ searchParams }: Props) {
  const { locale, t } = await i18n();
  await requireMe("/portal/directory/");
  const { search = "", after } = await searchParams;
  let directory: MemberDirectoryQuery["memberDirectory"] | null = null;
  try {
    directory = (await serverQuery(MemberDirectoryDocument, { search: search || null, first: PAGE_SIZE, after: after ?? null }))
      .memberDirectory;
  } catch (error) {
    if (!(error instanceof GraphQLErrors)) throw error;
  }
  return (
    <>
      <h1>{t.portal.directoryTitle}</h1>
      <p>{t.portal.directoryIntro}</p>
      {directory === null ? (
        <p className="notice">{t.portal.directoryMembersOnly}</p>
      ) : (
        <>
          <form className="inline-form" method="get" role="search">
            <div>
              <label htmlFor="directory-search">{t.portal.directorySearch}</label>
              <input id="directory-search" type="search" name="search" defaultValue={search} />
            </div>
            <button type="submit">{t.portal.search}</button>
          </form>
          <p role="status">
            {directoryCountText(directory, t, locale)}
          </p>
          <ul className="news-list directory-list">
            {directory.edges.map(({ node }) => (
              <li key={node.id}>
                <strong>{node.displayName}</strong>
                {node.city ? <span> · {node.city}</span> : null}
                {node.email ? (
                  <span>
                    {" "}
                    · <a href={`mailto:${node.email}`}>{node.email}</a>
                  </span>
                ) : null}
                {node.phone ? <span> · {node.phone}</span> : null}
              </li>
            ))}
          </ul>
          {directory.pageInfo.hasNextPage && directory.pageInfo.endCursor ? (
            <p>
              <Link href={`/portal/directory/?${new URLSearchParams({ search, after: directory.pageInfo.endCursor })}`}>
                {t.portal.loadMore}
              </Link>
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
