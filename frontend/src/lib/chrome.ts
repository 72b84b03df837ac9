/**
 * What every page's frame needs (the look, the menu, who is signed in), asked once per request: the root layout,
 * its metadata and the header share the answer through React's per-request cache.
 */
import { cache } from "react";

import { SiteHeaderDocument, type SiteHeaderQuery } from "@/generated/graphql";

import { serverQuery } from "./server";
import { DEFAULT_THEME } from "./theme";

export type SiteChrome = { siteTheme: SiteHeaderQuery["siteTheme"]; menu: SiteHeaderQuery["menu"]; viewer: SiteHeaderQuery["viewer"] | null };

export const siteChrome = cache(async (): Promise<SiteChrome> => {
  // The frame must not take the page down with it: without the API it has the default look and the account links.
  try {
    return await serverQuery(SiteHeaderDocument);
  } catch {
    return { siteTheme: DEFAULT_THEME, menu: [], viewer: null };
  }
});
