/**
 * What the donate page reads from its address: `?campaign=<slug>`, and from a campaign email's donate link
 * `?source=<appeal code>&r=<token>`. Each is one value (a repeated parameter counts once) or nothing.
 */
export type DonateSearchParams = { campaign?: string | string[]; source?: string | string[]; r?: string | string[] };

/** An appeal's code as the API keeps them: a slug (ASCII letters, digits, - and _) of at most 50 characters. */
const APPEAL_CODE = /^[-\w]{1,50}$/;

/** The parameter's one value, trimmed; undefined when it is missing or empty. */
export function oneParam(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

/**
 * The appeal code to give with, from `source`; undefined when it could never be one (the API ignores codes it does
 * not know, but refuses input no honest link carries, and a stale or mangled link must never stop a gift).
 */
export function appealCodeFrom(value: string | string[] | undefined): string | undefined {
  const code = oneParam(value);
  return code && APPEAL_CODE.test(code) ? code : undefined;
}
