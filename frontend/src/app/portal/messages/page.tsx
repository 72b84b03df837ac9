import type { Metadata } from "next";
import Link from "next/link";

import { MyMessagesDocument, type MyMessagesQuery } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { formatDate, plural } from "@/i18n/format";
import { GraphQLErrors } from "@/lib/graphql";
import { requireMe } from "@/lib/member";
import { serverQuery } from "@/lib/server";

import { messageKindLabel, messageStatusLabel } from "./labels";

const PAGE_SIZE = 20;
const PATH = "/portal/messages/";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.sentMessages.title, robots: { index: false } };
}

type Props = { searchParams: Promise<{ after?: string | string[] }> };

async function messagesPage(after: string | null): Promise<MyMessagesQuery["myMessages"]> {
  try {
    return (await serverQuery(MyMessagesDocument, { first: PAGE_SIZE, after })).myMessages;
  } catch (error) {
    // a cursor mangled in the address bar: the newest page instead
    if (!(error instanceof GraphQLErrors) || after === null) throw error;
    return (await serverQuery(MyMessagesDocument, { first: PAGE_SIZE, after: null })).myMessages;
  }
}

/** Every email we sent the member, newest first, a page at a time (server-rendered links: no JavaScript needed). */
export default async function MessagesPage({ searchParams }: Props) {
  const { locale, t } = await i18n();
  await requireMe(PATH);
  const { after } = await searchParams;
  const messages = await messagesPage((Array.isArray(after) ? after[0] : after) || null);
  const rows = messages.edges.map(({ node }) => node);
  return (
    <>
      <h1>{t.sentMessages.title}</h1>
      <p>{t.sentMessages.intro}</p>
      {rows.length === 0 ? (
        <p>{t.sentMessages.empty}</p>
      ) : (
        <>
          <p role="status">{plural(t.sentMessages.total, messages.totalCount, locale)}</p>
          {/* A table on wide screens; on a phone each message is a card, each cell labelled (data-label). */}
          <table className="card-table">
            <caption className="visually-hidden">{t.sentMessages.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t.sentMessages.subject}</th>
                <th scope="col">{t.sentMessages.date}</th>
                <th scope="col">{t.sentMessages.kind}</th>
                <th scope="col">{t.sentMessages.status}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((message) => (
                <tr key={message.key} data-testid="message">
                  <td className="card-title" data-label={t.sentMessages.subject}>
                    <a href={message.webVersionUrl}>{message.subject}</a>
                  </td>
                  <td data-label={t.sentMessages.date}>
                    <time dateTime={message.sentAt}>{formatDate(message.sentAt, locale)}</time>
                  </td>
                  <td data-label={t.sentMessages.kind}>{messageKindLabel(message, t)}</td>
                  <td data-label={t.sentMessages.status}>{messageStatusLabel(message.status, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {messages.pageInfo.hasNextPage || messages.pageInfo.hasPreviousPage ? (
        <nav aria-label={t.sentMessages.pages} className="actions">
          {messages.pageInfo.hasPreviousPage ? <Link href={PATH}>{t.sentMessages.newest}</Link> : null}
          {messages.pageInfo.hasNextPage && messages.pageInfo.endCursor ? (
            <Link href={`${PATH}?${new URLSearchParams({ after: messages.pageInfo.endCursor })}`}>{t.sentMessages.older}</Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
