import { describe, expect, it } from "vitest";

import { messagesFor } from "@/i18n/messages";

import { type Suppression, resubscribeOutcome, suppressionReasonText } from "./email-suppression";

const bounced: Suppression = {
  address: "saruul@example.org",
  reason: "HARD_BOUNCE",
  since: "2026-03-01T23:30:00+00:00",
  canResubscribe: true,
};

function refused(...messages: { code: string | null; message: string }[]) {
  return {
    __typename: "OperationInfo" as const,
    messages: messages.map((message) => ({ field: "email", kind: "ERROR" as const, ...message })),
  };
}

describe("suppressionReasonText", () => {
  const t = messagesFor("en");

  it("says, in plain words, why nothing reaches the address and since when", () => {
    expect(suppressionReasonText(bounced, t, "en")).toBe(
      "Since March 1, 2026 we have sent nothing to saruul@example.org: the address did not accept our mail " +
        "(the receiving server said it does not exist).",
    );
    expect(suppressionReasonText({ ...bounced, reason: "SOFT_BOUNCES" }, t, "en")).toContain("the mailbox was full");
    expect(suppressionReasonText({ ...bounced, reason: "COMPLAINT" }, t, "en")).toContain("marked as spam");
    expect(suppressionReasonText({ ...bounced, reason: "MANUAL", canResubscribe: false }, t, "en")).toContain(
      "our staff stopped messages to it",
    );
  });

  it("writes the date as the member's language does", () => {
    expect(suppressionReasonText(bounced, messagesFor("zh-Hant"), "zh-Hant")).toBe(
      "自 2026年3月1日 起，我們沒有再寄任何訊息到 saruul@example.org：這個地址無法接收我們的郵件（收件伺服器表示此地址不存在）。",
    );
    expect(suppressionReasonText(bounced, messagesFor("th"), "th")).toContain("saruul@example.org");
    expect(suppressionReasonText(bounced, messagesFor("mn"), "mn")).toContain("(огноо: ");
  });
});

describe("resubscribeOutcome", () => {
  const t = messagesFor("en");

  it("is done when the API returns the member with no stop left", () => {
    expect(resubscribeOutcome({ __typename: "Member", emailSuppression: null }, t)).toEqual({
      ok: true,
      value: { alreadyStarted: false, suppression: null },
    });
  });

  it("counts messages that already reach the address as done", () => {
    expect(resubscribeOutcome(refused({ code: "not_suppressed", message: "Messages already reach this address." }), t)).toEqual({
      ok: true,
      value: { alreadyStarted: true, suppression: null },
    });
  });

  it("words a refusal in the member's language by its code", () => {
    const staffOnly = refused({ code: "staff_only", message: "Our staff stopped messages to this address: please contact us to change that." });
    expect(resubscribeOutcome(staffOnly, t)).toEqual({
      ok: false,
      problems: {
        fields: {},
        form: ["Our staff stopped messages to this address, so only they can start them again: please contact us."],
      },
      codes: ["staff_only"],
    });
    expect(resubscribeOutcome(refused({ code: "no_email", message: "Add an email address first." }), messagesFor("th"))).toMatchObject({
      ok: false,
      problems: { form: ["โปรดเพิ่มอีเมลในโปรไฟล์ของคุณก่อน"] },
    });
  });

  it("keeps the API's message for a code it does not know, and never shows an empty error", () => {
    expect(resubscribeOutcome(refused({ code: "throttled", message: "Too many attempts." }), t)).toMatchObject({
      ok: false,
      problems: { form: ["Too many attempts."] },
    });
    expect(resubscribeOutcome(refused(), t)).toMatchObject({
      ok: false,
      problems: { form: ["Something went wrong. Please try again."] },
    });
  });
});
