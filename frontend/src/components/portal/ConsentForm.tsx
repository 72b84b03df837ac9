"use client";
import { useState } from "react";

import { useSubmission } from "@/components/forms";
import { FormStatus } from "@/components/forms";
import { type ConsentChannel, type ConsentTopic, UpdateConsentDocument, type UpdateConsentMutation } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";
import type { Me } from "@/lib/member";

type Saved = Extract<UpdateConsentMutation["updateConsent"], { __typename: "Consent" }>;
const CHANNELS: ConsentChannel[] = ["EMAIL", "SMS", "PHONE", "MAIL"];
const TOPICS: ConsentTopic[] = ["NEWSLETTER", "MEMBERSHIP", "EVENTS", "VOLUNTEERING", "FUNDRAISING"];

/**
 * A group per topic, a checkbox per channel in plain words ("Email me the newsletter"); each change is recorded
 * at once, with the sentence the member saw as its wording.
 */
export function ConsentForm({ consents }: { consents: Me["consents"] }) {
  const { t } = useI18n();
  const { busy, problems, networkFailed, run, retry } = useSubmission<Saved>();
  const [granted, setGranted] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(consents.map((c) => [`${c.channel}:${c.topic}`, c.granted])),
  );
  const [status, setStatus] = useState("");

  async function change(channel: ConsentChannel, topic: ConsentTopic, value: boolean) {
    const wording = t.portal.consentTopics[topic][channel];
    const key = `${channel}:${topic}`;
    setStatus("");
    // Shown at once; put back if the API does not record it.
    setGranted((previous) => ({ ...previous, [key]: value }));
    const saved = await run(
      async () =>
        outcomeOf(
          (await request(UpdateConsentDocument, { input: { channel, topic, granted: value, wording } })).updateConsent,
          "Consent",
        ),
      (record) => {
        setGranted((previous) => ({ ...previous, [`${record.channel}:${record.topic}`]: record.granted }));
        setStatus(`${wording}: ${record.granted ? t.portal.yes : t.portal.no}. ${t.portal.consentSaved}`);
      },
    );
    if (!saved) setGranted((previous) => ({ ...previous, [key]: !value }));
  }

  return (
    <form className="stack" onSubmit={(event) => event.preventDefault()}>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      <p role="status" className="meta">
        {status}
      </p>
      <p className="hint">{t.portal.consentIntro}</p>
      {TOPICS.map((topic) => (
        <fieldset key={topic}>
          <legend>{t.portal.consentTopics[topic].title}</legend>
          {CHANNELS.map((channel) => {
            const key = `${channel}:${topic}`;
            const id = `consent-${topic}-${channel}`;
            return (
              <label className="checkbox" htmlFor={id} key={key}>
                <input
                  type="checkbox"
                  id={id}
                  checked={granted[key] ?? false}
                  disabled={busy}
                  onChange={(event) => void change(channel, topic, event.currentTarget.checked)}
                />
                <span>{t.portal.consentTopics[topic][channel]}</span>
              </label>
            );
          })}
        </fieldset>
      ))}
    </form>
  );
}
