import { describe, expect, it } from "vitest";

import { campaignTime, shareLinks } from "./share";

describe("shareLinks", () => {
  it("makes plain share URLs with the page's address and text encoded", () => {
    const links = Object.fromEntries(
      shareLinks("https://example.org/gardens/?a=1&b=2", "Support A garden & more").map((link) => [link.network, link.href]),
    );
    expect(links.email).toBe(
      "mailto:?subject=Support%20A%20garden%20%26%20more&body=Support%20A%20garden%20%26%20more%0A%0Ahttps%3A%2F%2Fexample.org%2Fgardens%2F%3Fa%3D1%26b%3D2",
    );
    expect(links.facebook).toBe("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org%2Fgardens%2F%3Fa%3D1%26b%3D2");
    expect(links.x).toBe(
      "https://x.com/intent/tweet?text=Support%20A%20garden%20%26%20more&url=https%3A%2F%2Fexample.org%2Fgardens%2F%3Fa%3D1%26b%3D2",
    );
    expect(links.whatsapp).toBe("https://wa.me/?text=Support%20A%20garden%20%26%20more%20https%3A%2F%2Fexample.org%2Fgardens%2F%3Fa%3D1%26b%3D2");
  });
});

describe("campaignTime", () => {
  it.each([
    [{ endDate: null, daysLeft: null, ended: false }, { kind: "none" }],
    [{ endDate: "2026-12-31", daysLeft: 27, ended: false }, { kind: "daysLeft", count: 27 }],
    [{ endDate: "2026-12-05", daysLeft: 1, ended: false }, { kind: "daysLeft", count: 1 }],
    [{ endDate: "2026-12-04", daysLeft: 0, ended: false }, { kind: "lastDay" }],
    [{ endDate: "2026-12-01", daysLeft: null, ended: true }, { kind: "ended" }],
  ])("%j → %j", (campaign, expected) => {
    expect(campaignTime(campaign)).toEqual(expected);
  });
});
