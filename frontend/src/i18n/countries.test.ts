import { describe, expect, it } from "vitest";

import { countryName, countryOptions } from "./countries";

describe("countryOptions", () => {
  it("names each country in the reader's language and sorts by that name", () => {
    const options = countryOptions(["TH", "MN", "GB", "DE"], "en");
    expect(options).toEqual([
      { code: "DE", name: "Germany" },
      { code: "MN", name: "Mongolia" },
      { code: "TH", name: "Thailand" },
      { code: "GB", name: "United Kingdom" },
    ]);
  });

  it("uses the language's own names and script", () => {
    expect(countryName("TH", "th")).toBe("ไทย");
    expect(countryName("TW", "zh-Hant")).toBe("台灣");
    expect(countryName("MN", "mn")).toBe("Монгол");
  });

  it("keeps a code it cannot name", () => {
    expect(countryOptions(["XA"], "en")[0]?.code).toBe("XA");
  });
});
