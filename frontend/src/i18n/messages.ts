/** The dictionary for a language: its own messages over English, so a missing translation shows in English. */
import type { Locale } from "./config";
import en, { type Messages } from "./messages/en";
import mn from "./messages/mn";
import th from "./messages/th";
import zhHant from "./messages/zh-Hant";

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? string : DeepPartial<T[K]> };

const translations: Record<Locale, DeepPartial<Messages>> = { en, th, mn, "zh-Hant": zhHant };

function merge<T extends object>(base: T, over: DeepPartial<T> | undefined): T {
  if (!over) return base;
  const result = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(over)) {
    const baseValue = (base as Record<string, unknown>)[key];
    result[key] =
      typeof value === "object" && value !== null && typeof baseValue === "object" && baseValue !== null
        ? merge(baseValue as object, value as DeepPartial<object>)
        : value;
  }
  return result as T;
}

export function messagesFor(locale: Locale): Messages {
  return merge(en, translations[locale]);
}

export type { Messages };
