"use client";
/** A country picker: every country an address may be in (from the API), named and sorted in the reader's language. */
import { useId, useMemo } from "react";

import { useI18n } from "@/i18n/client";
import { countryOptions } from "@/i18n/countries";

type Props = {
  name: string;
  label: string;
  codes: readonly string[];
  defaultValue?: string;
  errors?: readonly string[];
  hint?: string;
  required?: boolean;
};

export function CountrySelect({ name, label, codes, defaultValue = "", errors = [], hint, required }: Props) {
  const { locale, t } = useI18n();
  const generated = useId();
  const inputId = `${generated}-${name}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = errors.length ? `${inputId}-error` : undefined;
  const options = useMemo(() => countryOptions(codes, locale), [codes, locale]);
  return (
    <div>
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <select
        id={inputId}
        name={name}
        defaultValue={defaultValue.toUpperCase()}
        autoComplete="country"
        required={required}
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
      >
        <option value="">{t.portal.chooseCountry}</option>
        {options.map((option) => (
          <option key={option.code} value={option.code}>
            {option.name}
          </option>
        ))}
      </select>
      {errors.length ? (
        <p className="field-error" id={errorId}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
