import { describe, expect, it } from "vitest";

import { messagesFor } from "@/i18n/messages";

import { messageKindLabel, messageStatusLabel } from "./labels";

describe("messageKindLabel", () => {
  it("names campaign email by its topic, in the reader's language", () => {
    const campaign = { kind: "campaign", kindLabel: "Appeal", topic: "FUNDRAISING" as const };
    expect(messageKindLabel(campaign, messagesFor("en"))).toBe("Appeal");
    expect(messageKindLabel(campaign, messagesFor("zh-Hant"))).toBe("募款呼籲");
    expect(messageKindLabel({ ...campaign, topic: null }, messagesFor("th"))).toBe("Appeal");
  });

  it("names other messages by their kind, and a kind it does not know by the API's label", () => {
    const receipt = { kind: "receipt", kindLabel: "Receipt", topic: null };
    expect(messageKindLabel(receipt, messagesFor("th"))).toBe("ใบเสร็จ");
    expect(messageKindLabel(receipt, messagesFor("mn"))).toBe("Баримт");
    expect(messageKindLabel({ kind: "carrier_pigeon", kindLabel: "Carrier pigeon", topic: null }, messagesFor("mn"))).toBe(
      "Carrier pigeon",
    );
  });
});

describe("messageStatusLabel", () => {
  it("says how far a message got", () => {
    expect(messageStatusLabel("BOUNCED", messagesFor("en"))).toBe("Not delivered");
    expect(messageStatusLabel("OPENED", messagesFor("th"))).toBe("เปิดอ่านแล้ว");
  });
});
