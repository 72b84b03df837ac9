import { describe, expect, it } from "vitest";

import { messagesFor } from "@/i18n/messages";

import { directoryCountText } from "./directory-count";

describe("directoryCountText", () => {
  const t = messagesFor("en").portal;

  it("gives an exact count under the cap", () => {
    expect(directoryCountText({ totalCount: 42, totalCountIsCapped: false }, t, "en")).toBe("42 members found");
  });

  it("says 'more than' when the count stopped at its cap", () => {
    expect(directoryCountText({ totalCount: 1000, totalCountIsCapped: true }, t, "en")).toBe(
      "More than 1,000 members found",
    );
  });

  it("says none match when there are none", () => {
    expect(directoryCountText({ totalCount: 0, totalCountIsCapped: false }, t, "en")).toBe("No members match.");
  });

  it.each(["th", "mn", "zh-Hant"] as const)("has its own capped line in %s", (locale) => {
    const text = directoryCountText({ totalCount: 1000, totalCountIsCapped: true }, messagesFor(locale).portal, locale);
    expect(text).toContain("1");
    expect(text).not.toBe("More than 1,000 members found");
  });
});
