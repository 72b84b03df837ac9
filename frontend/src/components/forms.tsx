"use client";
/**
 * Form building blocks: labelled fields that show the API's typed field errors beside them, a summary of
 * form-level problems, and a network failure that can be retried.
 */
import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from "react";

import { useI18n } from "@/i18n/client";
import { NetworkError, type Outcome, type Problems, noProblems } from "@/lib/graphql";

type FieldProps = {
  name: string;
  label: string;
  errors?: readonly string[];
  hint?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name">;

export function Field({ name, label, errors = [], hint, id, ...input }: FieldProps) {
  const generated = useId();
  const inputId = id ?? `${generated}-${name}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = errors.length ? `${inputId}-error` : undefined;
  return (
    <div>
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input
        id={inputId}
        name={name}
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      {errors.length ? (
        <p className="field-error" id={errorId}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

type CheckboxProps = { name: string; label: string; errors?: readonly string[] } & Omit<
  React.InputHTMLAttributes<HTMLInputElement>,
  "name" | "type"
>;

export function Checkbox({ name, label, errors = [], ...input }: CheckboxProps) {
  const id = `${useId()}-${name}`;
  return (
    <div>
      <label className="checkbox" htmlFor={id}>
        <input type="checkbox" id={id} name={name} {...input} />
        <span>{label}</span>
      </label>
      {errors.length ? <p className="field-error">{errors.join(" ")}</p> : null}
    </div>
  );
}

/** The problem of a one-button action (its messages, or the network failure), announced beside the button. */
export function ActionError({ messages, networkFailed }: { messages: readonly string[]; networkFailed: boolean }) {
  const { t } = useI18n();
  if (!messages.length && !networkFailed) return null;
  return (
    <p className="field-error" role="alert">
      {networkFailed ? t.form.networkError : messages.join(" ")}
    </p>
  );
}

/** Move focus to a field named by an error summary's link (an input, or the first focusable thing inside). */
function focusField(event: React.MouseEvent<HTMLAnchorElement>, id: string) {
  const element = document.getElementById(id);
  if (!element) return;
  event.preventDefault();
  const focusable = element.matches("input, select, textarea, button, iframe")
    ? element
    : (element.querySelector<HTMLElement>("input, select, textarea, iframe") ?? element);
  element.scrollIntoView({ block: "center" });
  focusable.focus({ preventScroll: true });
}

/**
 * Form-level problems and network failures, announced to screen readers, with a retry button for the latter.
 * With `fieldTargets` (field error key → element id) each field's message links to its field. `ref` is the box
 * that `useOutcomeFocus` moves focus to after a submit.
 */
export function FormStatus({
  problems,
  networkFailed,
  onRetry,
  busy,
  fieldTargets,
  ref,
}: {
  problems: Problems;
  networkFailed: boolean;
  onRetry: () => void;
  busy: boolean;
  fieldTargets?: Readonly<Record<string, string>>;
  ref?: React.Ref<HTMLDivElement>;
}) {
  const { t } = useI18n();
  const fieldEntries = Object.entries(problems.fields).filter(([, messages]) => messages.length);
  if (networkFailed) {
    return (
      <div className="alert" role="alert" tabIndex={-1} ref={ref}>
        <p>{t.form.networkError}</p>
        <button type="button" onClick={onRetry} disabled={busy}>
          {t.form.retry}
        </button>
      </div>
    );
  }
  if (!problems.form.length && !fieldEntries.length) return null;
  return (
    <div className="alert" role="alert" tabIndex={-1} ref={ref} data-testid="error-summary">
      <h2>{t.form.problemsHeading}</h2>
      {problems.form.map((message) => (
        <p key={message}>{message}</p>
      ))}
      {fieldEntries.length ? (
        <ul>
          {fieldEntries.flatMap(([field, messages]) =>
            messages.map((message, index) => {
              const target = fieldTargets?.[field];
              return (
                <li key={`${field}-${index}`}>
                  {target ? (
                    <a href={`#${target}`} onClick={(event) => focusField(event, target)}>
                      {message}
                    </a>
                  ) : (
                    message
                  )}
                </li>
              );
            }),
          )}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * After a submit, focus (and scroll into view) what it led to: the error summary, or the success message. Give
 * `summary` to the form's `FormStatus` and `success` to its success message (both get `tabIndex={-1}`), then
 * call `focusOutcome("summary" | "success")` once the outcome is set: focus moves after React has rendered it.
 */
export function useOutcomeFocus() {
  const summary = useRef<HTMLDivElement>(null);
  const success = useRef<HTMLParagraphElement>(null);
  const [request, setRequest] = useState<{ target: "summary" | "success"; count: number } | null>(null);
  useEffect(() => {
    if (!request) return;
    const element = request.target === "summary" ? summary.current : success.current;
    if (!element) return;
    element.focus({ preventScroll: true });
    const still = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
  }, [request]);
  const focusOutcome = useCallback(
    (target: "summary" | "success") => setRequest((previous) => ({ target, count: (previous?.count ?? 0) + 1 })),
    [],
  );
  return { summary, success, focusOutcome };
}

/**
 * Runs a submission and keeps what the form shows: busy, the API's problems, or a network failure (kept with
 * the last attempt, so "Try again" repeats exactly it).
 */
export function useSubmission<TSuccess>() {
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [codes, setCodes] = useState<string[]>([]);
  const [networkFailed, setNetworkFailed] = useState(false);
  const last = useRef<{ attempt: () => Promise<Outcome<TSuccess>>; onSuccess?: (value: TSuccess) => void } | null>(
    null,
  );

  const run = useCallback(async (
    attempt: () => Promise<Outcome<TSuccess>>,
    onSuccess?: (value: TSuccess) => void,
  ): Promise<TSuccess | null> => {
    last.current = { attempt, onSuccess };
    setBusy(true);
    setNetworkFailed(false);
    try {
      const outcome = await attempt();
      if (outcome.ok) {
        setProblems(noProblems);
        setCodes([]);
        onSuccess?.(outcome.value);
        return outcome.value;
      }
      setProblems(outcome.problems);
      setCodes(outcome.codes);
      return null;
    } catch (error) {
      if (error instanceof NetworkError) {
        setNetworkFailed(true);
      } else {
        setProblems({ fields: {}, form: [error instanceof Error ? error.message : String(error)] });
      }
      return null;
    } finally {
      setBusy(false);
    }
  }, []);

  const retry = useCallback(
    () => (last.current ? run(last.current.attempt, last.current.onSuccess) : Promise.resolve(null)),
    [run],
  );

  return { busy, problems, codes, networkFailed, run, retry };
}

const noSubscription = () => () => {};

/** False in the server's HTML and until React has hydrated: buttons that only work with JavaScript wait for it. */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
