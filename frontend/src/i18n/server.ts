/** The visitor's language on the server: the `locale` cookie they chose, else their browser's Accept-Language. */
import { cookies, headers } from "next/headers";

import { LOCALE_COOKIE, type Locale, isLocale, negotiateLocale } from "./config";
import { type Messages, messagesFor } from "./messages";

export async function currentLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get("accept-language"));
}

export async function i18n(): Promise<{ locale: Locale; t: Messages }> {
  const locale = await currentLocale();
  return { locale, t: messagesFor(locale) };
}
