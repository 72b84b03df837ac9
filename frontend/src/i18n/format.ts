/** Locale-aware formatting with Intl: messages with {placeholders}, dates, money. */
import type { Locale } from "./config";

export function interpolate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** A calendar date from the API ("2026-03-01") in the locale's long form; the date does not shift by time zone. */
export function formatDate(isoDate: string, locale: Locale): string {
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
}

/** An amount from the API (a decimal string in major units) with its ISO 4217 currency. */
export function formatMoney(amount: string, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(Number(amount));
}

/** A shift's date and times as the clocks of its own time zone read them (not the visitor's). */
export function formatShift(startsAt: string, endsAt: string, timeZone: string, locale: Locale) {
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone }).format(new Date(startsAt));
  const time = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone });
  return { date: day, start: time.format(new Date(startsAt)), end: time.format(new Date(endsAt)), zone: timeZone };
}

/** A message's forms by plural category (CLDR: zero, one, two, few, many, other); `other` is always there. */
export type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

/**
 * The form of a message for a number in the locale's plural rules ("1 member", "2 members"; Thai and Chinese have
 * one form), with {count} as the locale writes the number and any other {placeholders} filled in.
 */
export function plural(forms: PluralForms, count: number, locale: Locale, values: Record<string, string | number> = {}): string {
  const template = forms[new Intl.PluralRules(locale).select(count)] ?? forms.other;
  return interpolate(template, { ...values, count: new Intl.NumberFormat(locale).format(count) });
}
