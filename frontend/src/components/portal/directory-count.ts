import { interpolate } from "@/i18n/format";
import type { Messages } from "@/i18n/messages";

type Counted = { totalCount: number | null; totalCountIsCapped: boolean };

/**
 * The directory's result line. The API counts matches only up to a cap (1,000 members): past it the total is
 * the cap and `totalCountIsCapped` is set, so the line says "more than" rather than a wrong exact number.
 */
export function directoryCountText(directory: Counted, t: Messages["portal"], locale: string): string {
  if (!directory.totalCount) return t.directoryNone;
  const count = new Intl.NumberFormat(locale).format(directory.totalCount);
  return interpolate(directory.totalCountIsCapped ? t.directoryResultsCapped : t.directoryResults, { count });
}
