// The browser tab's icon. Staff choose it in Wagtail (Settings → Organisation → Favicon); it is served here from
// its rendition, so the address stays /favicon.ico (which browsers ask for on their own). Without one, or when the
// API or the file cannot be reached, a disc in the brand colour: this address never answers 404.
import { SiteThemeDocument } from "@/generated/graphql";
import { icoFromPng, discPng } from "@/lib/icon";
import { djangoUrl, serverQuery } from "@/lib/server";
import { DEFAULT_THEME, type SiteTheme } from "@/lib/theme";

export const dynamic = "force-dynamic";

const CACHE = "public, max-age=300";

async function theme(): Promise<SiteTheme> {
  try {
    return (await serverQuery(SiteThemeDocument)).siteTheme;
  } catch {
    return DEFAULT_THEME;
  }
}

async function chosenIcon(path: string | undefined): Promise<Response | null> {
  if (!path?.startsWith("/")) return null;
  try {
    const upstream = await fetch(`${djangoUrl()}${path}`, { cache: "no-store" });
    const type = upstream.headers.get("content-type") ?? "";
    if (!upstream.ok || !type.startsWith("image/")) return null;
    return new Response(await upstream.arrayBuffer(), { headers: { "Content-Type": type, "Cache-Control": CACHE } });
  } catch {
    return null;
  }
}

export async function GET(): Promise<Response> {
  const { favicon, primaryColour } = await theme();
  const chosen = await chosenIcon(favicon?.rendition?.url);
  if (chosen) return chosen;
  const icon = icoFromPng(discPng(/^#[0-9a-f]{6}$/i.test(primaryColour) ? primaryColour : DEFAULT_THEME.primaryColour));
  return new Response(new Uint8Array(icon), { headers: { "Content-Type": "image/x-icon", "Cache-Control": CACHE } });
}
