import { describe, expect, it } from "vitest";

import { messagesFor } from "@/i18n/messages";

import { directoryCountText } from "./directory-count";

describe("directoryCountText", () => {
  const t = messagesFor("en");

  it("gives an exact count under the cap, in the singular for one", () => {
    expect(directoryCountText({ totalCount: 42, totalCountIsCapped: false }, t, "en")).toBe("42 members found");
    expect(directoryCountText({ totalCount: 1, totalCountIsCapped: false }, t, "en")).toBe("1 member found");
  });

  it("says 'more than' when the count stopped at its cap", () => {
    expect(directoryCountText({ totalCount: 1000, totalCountIsCapped: true }, t, "en")).toBe(
      "More than 1,000 members found",
    );
  });

  it("says none match when there are none", () => {
    expect(directoryCountText({ totalCount: 0, totalCountIsCapped: false }, t, "en")).toBe("No members match.");
  });

  it.each([
    ["th", "พบสมาชิก 1 คน"],
    ["mn", "1 гишүүн олдлоо"],
    ["zh-Hant", "找到 1 位會員"],
  ] as const)("has its own line for one member in %s", (locale, expected) => {
    expect(directoryCountText({ totalCount: 1, totalCountIsCapped: false }, messagesFor(locale), locale)).toBe(expected);
  });

  it.each(["th", "mn", "zh-Hant"] as const)("has its own capped line in %s", (locale) => {
    const text = directoryCountText({ totalCount: 1000, totalCountIsCapped: true }, messagesFor(locale), locale);
    expect(text).toContain("1");
    expect(text).not.toBe("More than 1,000 members found");
  });
});
