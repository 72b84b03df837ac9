import { describe, expect, it } from "vitest";

import { appealCodeFrom, oneParam } from "./donateLink";

describe("oneParam", () => {
  it("takes the first of a repeated parameter, trimmed, and nothing for an empty one", () => {
    expect(oneParam("abc")).toBe("abc");
    expect(oneParam(["first", "second"])).toBe("first");
    expect(oneParam("  spaced  ")).toBe("spaced");
    expect(oneParam("")).toBeUndefined();
    expect(oneParam("   ")).toBeUndefined();
    expect(oneParam([])).toBeUndefined();
    expect(oneParam(undefined)).toBeUndefined();
  });
});

describe("appealCodeFrom", () => {
  it("keeps a code shaped like an appeal's", () => {
    expect(appealCodeFrom("SPRING26")).toBe("SPRING26");
    expect(appealCodeFrom("spring-email_2026")).toBe("spring-email_2026");
    expect(appealCodeFrom(["AUTUMN", "SPRING"])).toBe("AUTUMN");
  });

  it("drops what no appeal's code could be, so the gift goes without one", () => {
    expect(appealCodeFrom(undefined)).toBeUndefined();
    expect(appealCodeFrom("")).toBeUndefined();
    expect(appealCodeFrom("A".repeat(51))).toBeUndefined();
    expect(appealCodeFrom("two words")).toBeUndefined();
    expect(appealCodeFrom("code\u0000")).toBeUndefined();
    expect(appealCodeFrom("ฤดูใบไม้ผลิ")).toBeUndefined();
    expect(appealCodeFrom("x&r=forged")).toBeUndefined();
  });
});
