/**
 * The site's look from Wagtail (Settings → Organisation), turned into what the root layout puts on <html>: CSS
 * custom properties for the brand colours and a data-font attribute that globals.css maps to a system font stack.
 * Rendered on the server, so the first paint already has the organisation's colours (no flash).
 */
import type { SiteThemeFieldsFragment, ThemeFont } from "@/generated/graphql";

export type SiteTheme = SiteThemeFieldsFragment;

/** The look when the API cannot be reached, or before staff choose one (the same defaults as Django's). */
export const DEFAULT_THEME: SiteTheme = {
  organisationName: "",
  primaryColour: "#0b5cad",
  secondaryColour: "#f2a93b",
  font: "SYSTEM_SANS",
  logo: null,
  favicon: null,
};

const HEX = /^#[0-9a-f]{6}$/i;

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((start) => {
    const value = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

export function contrast(first: string, second: string): number {
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
}

/** Black or white, whichever reads better on this background (one of them always reaches 4.5:1). */
export function textOn(background: string): "#000000" | "#ffffff" {
  return contrast(background, "#000000") >= contrast(background, "#ffffff") ? "#000000" : "#ffffff";
}

const FONT_NAMES: Record<ThemeFont, string> = { SYSTEM_SANS: "system-sans", SERIF: "serif", HUMANIST: "humanist" };

/**
 * The attributes of <html> for a theme. The API only ever sends #rrggbb (it replaces anything else with the
 * default), and this checks again, since the values end up in a style attribute.
 */
export function themeAttributes(theme: SiteTheme): { "data-font": string; style: Record<string, string> } {
  const primary = HEX.test(theme.primaryColour) ? theme.primaryColour : DEFAULT_THEME.primaryColour;
  const secondary = HEX.test(theme.secondaryColour) ? theme.secondaryColour : DEFAULT_THEME.secondaryColour;
  return {
    "data-font": FONT_NAMES[theme.font] ?? "system-sans",
    style: { "--accent": primary, "--secondary": secondary, "--on-secondary": textOn(secondary) },
  };
}
