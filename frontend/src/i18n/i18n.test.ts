import { describe, expect, it } from "vitest";

import { LOCALES, negotiateLocale } from "./config";
import { formatDate, formatMoney, interpolate, plural } from "./format";
import { messagesFor } from "./messages";
import en from "./messages/en";
import mn from "./messages/mn";
import th from "./messages/th";
import zhHant from "./messages/zh-Hant";

describe("negotiateLocale", () => {
  it.each([
    ["th-TH,th;q=0.9,en;q=0.8", "th"],
    ["mn", "mn"],
    ["zh-TW,zh;q=0.9", "zh-Hant"],
    ["zh-Hant-HK", "zh-Hant"],
    ["zh-CN,fr;q=0.5", "en"],
    ["fr-FR,en;q=0.1", "en"],
    ["", "en"],
  ])("%s → %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});

describe("messagesFor", () => {
  it("falls back to English for what a language has not translated", () => {
    const th = messagesFor("th");
    expect(th.account.signIn).toBe("เข้าสู่ระบบ");
    expect(th.portal.profileTitle).toBe(en.portal.profileTitle);
  });

  it("translates every public-page string in every language", () => {
    for (const locale of ["th", "mn", "zh-Hant"] as const) {
      const messages = messagesFor(locale);
      for (const section of ["site", "news"] as const) {
        for (const [key, english] of Object.entries(en[section])) {
          if (section === "site" && key === "name") continue; // the organisation's name is not translated
          expect((messages[section] as Record<string, string>)[key], `${locale} ${section}.${key}`).not.toBe(english);
        }
      }
    }
  });
});

/** Every string of a nested message section, keyed by its dotted path. */
function strings(section: object, prefix = ""): [string, string][] {
  return Object.entries(section).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : strings(value as object, `${prefix}${key}.`),
  );
}

describe("the portal's notice that messages to the member's address are stopped", () => {
  it.each(["th", "mn", "zh-Hant"] as const)("is written in %s, every string of it", (locale) => {
    const own = { th, mn, "zh-Hant": zhHant }[locale].portal?.emailSuppression ?? {};
    const translated = new Map(strings(own));
    for (const [key, english] of strings(en.portal.emailSuppression)) {
      expect(translated.get(key), `${locale}: portal.emailSuppression.${key}`).toBeTruthy();
      expect(translated.get(key), `${locale}: portal.emailSuppression.${key}`).not.toBe(english);
    }
  });

  it.each(LOCALES)("keeps the placeholders of each string in %s", (locale) => {
    const translated = new Map(strings(messagesFor(locale).portal.emailSuppression));
    for (const [key, english] of strings(en.portal.emailSuppression)) {
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      expect(placeholders(translated.get(key) ?? ""), `${locale}: portal.emailSuppression.${key}`).toEqual(placeholders(english));
    }
  });
});

describe("the messages page and the newsletter archive", () => {
  const sections = ["sentMessages", "newsletterArchive"] as const;

  it.each(["th", "mn", "zh-Hant"] as const)("are written in %s, every string of them", (locale) => {
    const own = { th, mn, "zh-Hant": zhHant }[locale];
    for (const section of sections) {
      const translated = new Map(strings(own[section] ?? {}));
      for (const [key, english] of strings(en[section])) {
        // plural forms a language does not have (Thai and Chinese have only `other`) fall back to it
        if (key.endsWith(".one") && translated.has(key.replace(/\.one$/, ".other"))) continue;
        expect(translated.get(key), `${locale}: ${section}.${key}`).toBeTruthy();
        expect(translated.get(key), `${locale}: ${section}.${key}`).not.toBe(english);
      }
    }
  });

  it.each(LOCALES)("keep the placeholders of each string in %s", (locale) => {
    for (const section of sections) {
      const translated = new Map(strings(messagesFor(locale)[section]));
      for (const [key, english] of strings(en[section])) {
        const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
        expect(placeholders(translated.get(key) ?? ""), `${locale}: ${section}.${key}`).toEqual(placeholders(english));
      }
    }
  });
});

describe("formatting", () => {
  it("interpolates placeholders", () => {
    expect(interpolate("Welcome, {name}", { name: "Malee" })).toBe("Welcome, Malee");
  });

  it("formats dates by locale without shifting the day", () => {
    expect(formatDate("2026-03-01", "en")).toBe("March 1, 2026");
    expect(formatDate("2026-03-01", "zh-Hant")).toBe("2026年3月1日");
  });

  it("formats money by locale and currency", () => {
    expect(formatMoney("50.00", "USD", "en")).toBe("$50.00");
    expect(formatMoney("1500", "JPY", "en")).toBe("¥1,500");
    expect(formatMoney("250.5", "THB", "th")).toBe("฿250.50");
  });
});

describe("plural messages", () => {
  const own = { en, th, mn, "zh-Hant": zhHant } as const;

  it.each(LOCALES)("%s has its own form for every plural category it uses, for every counted message", (locale) => {
    // A form inherited from English would be chosen by this language's rules and read wrongly ("1 gifts").
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const counts = own[locale].counts as Record<string, unknown> | undefined;
    for (const [key, forms] of Object.entries(en.counts)) {
      if (typeof forms === "string") {
        expect(counts?.[key], `${locale}: counts.${key}`).toBeTypeOf("string");
        continue;
      }
      for (const category of categories) {
        expect((counts?.[key] as Record<string, string> | undefined)?.[category], `${locale}: counts.${key}.${category}`).toBeTruthy();
      }
    }
  });

  it("chooses the form by the number, and writes the number as the locale does", () => {
    expect(plural(en.counts.gifts, 1, "en")).toBe("1 gift");
    expect(plural(en.counts.gifts, 0, "en")).toBe("0 gifts");
    expect(plural(en.counts.gifts, 1200, "en")).toBe("1,200 gifts");
    expect(plural(en.counts.approvedHours, 1.5, "en")).toBe("1.5 approved hours");
    expect(plural(messagesFor("th").counts.gifts, 1, "th")).toBe("การบริจาค 1 ครั้ง");
  });
});
