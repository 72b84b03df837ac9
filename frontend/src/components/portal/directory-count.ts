import { plural } from "@/i18n/format";
import type { Locale } from "@/i18n/config";
import type { Messages } from "@/i18n/messages";

type Counted = { totalCount: number | null; totalCountIsCapped: boolean };

/**
 * The directory's result line, in the locale's plural form ("1 member found", "2 members found"). The API counts
 * matches only up to a cap (1,000 members): past it the total is the cap and `totalCountIsCapped` is set, so the
 * line says "more than" rather than a wrong exact number.
 */
export function directoryCountText(directory: Counted, t: Messages, locale: Locale): string {
  if (!directory.totalCount) return t.portal.directoryNone;
  return plural(directory.totalCountIsCapped ? t.counts.membersFoundCapped : t.counts.membersFound, directory.totalCount, locale);
}
