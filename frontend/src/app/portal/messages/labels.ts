/** How the messages page names a message's kind and status in the reader's language. */
import type { MessageDelivery, MyMessagesQuery } from "@/generated/graphql";
import type { Messages } from "@/i18n/messages";

export type MemberMessage = MyMessagesQuery["myMessages"]["edges"][number]["node"];

/** Campaign email by its topic, other messages by their kind; a kind the frontend does not know yet shows the API's
 * own (English) label rather than nothing. */
export function messageKindLabel(message: Pick<MemberMessage, "kind" | "kindLabel" | "topic">, t: Messages): string {
  if (message.kind === "campaign") {
    return (message.topic && t.sentMessages.topics[message.topic]) || message.kindLabel;
  }
  const kinds: Record<string, string | undefined> = t.sentMessages.kinds;
  return kinds[message.kind] ?? message.kindLabel;
}

export function messageStatusLabel(status: MessageDelivery, t: Messages): string {
  return t.sentMessages.statuses[status];
}
