import { describe, expect, it } from "vitest";

import { DEFAULT_THEME, contrast, textOn, themeAttributes } from "./theme";

describe("theme", () => {
  it("measures contrast as WCAG does", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21);
    expect(contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });

  it("puts black text on light colours and white text on dark ones", () => {
    expect(textOn("#f2a93b")).toBe("#000000");
    expect(textOn("#ffff00")).toBe("#000000");
    expect(textOn("#7a1f5c")).toBe("#ffffff");
    expect(textOn("#0b5cad")).toBe("#ffffff");
  });

  it("turns a theme into CSS variables and a font name for <html>", () => {
    const attributes = themeAttributes({ ...DEFAULT_THEME, primaryColour: "#7a1f5c", secondaryColour: "#c8e6c9", font: "SERIF" });
    expect(attributes).toEqual({
      "data-font": "serif",
      style: { "--accent": "#7a1f5c", "--secondary": "#c8e6c9", "--on-secondary": "#000000" },
    });
  });

  it("never puts anything but a hex colour into the style attribute", () => {
    const attributes = themeAttributes({ ...DEFAULT_THEME, primaryColour: "red;}body{display:none", secondaryColour: "url(x)" });
    expect(attributes.style["--accent"]).toBe("#0b5cad");
    expect(attributes.style["--secondary"]).toBe("#f2a93b");
  });
});
