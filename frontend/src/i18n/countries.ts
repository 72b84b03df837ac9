/** Countries by name in the reader's language (Intl.DisplayNames), sorted as that language sorts. */
import type { Locale } from "./config";

export type CountryOption = { code: string; name: string };

/** The ISO 3166-1 alpha-2 `codes` named and sorted for `locale`; a code Intl cannot name keeps its code. */
export function countryOptions(codes: readonly string[], locale: Locale): CountryOption[] {
  const names = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  const collator = new Intl.Collator(locale);
  return codes
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** A country's name in `locale` (its code when Intl has no name for it). */
export function countryName(code: string, locale: Locale): string {
  return new Intl.DisplayNames([locale], { type: "region", fallback: "code" }).of(code) ?? code;
}
