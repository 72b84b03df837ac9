/** Share links for a page: plain URLs (no third-party scripts), each opened by the visitor's own app or browser. */
export type ShareLink = { network: "email" | "facebook" | "x" | "whatsapp"; href: string };

export function shareLinks(url: string, text: string): ShareLink[] {
  const u = encodeURIComponent(url);
  return [
    { network: "email", href: `mailto:?subject=${encodeURIComponent(text)}&body=${encodeURIComponent(`${text}\n\n${url}`)}` },
    { network: "facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { network: "x", href: `https://x.com/intent/tweet?text=${encodeURIComponent(text)}&url=${u}` },
    { network: "whatsapp", href: `https://wa.me/?text=${encodeURIComponent(`${text} ${url}`)}` },
  ];
}

/** What the page says about the end date: days left, the last day, ended, or nothing without an end date. */
export type CampaignTime =
  | { kind: "none" }
  | { kind: "ended" }
  | { kind: "lastDay" }
  | { kind: "daysLeft"; count: number };

export function campaignTime(campaign: { endDate?: string | null; daysLeft?: number | null; ended: boolean }): CampaignTime {
  if (campaign.ended) return { kind: "ended" };
  if (!campaign.endDate || campaign.daysLeft === null || campaign.daysLeft === undefined) return { kind: "none" };
  return campaign.daysLeft === 0 ? { kind: "lastDay" } : { kind: "daysLeft", count: campaign.daysLeft };
}
