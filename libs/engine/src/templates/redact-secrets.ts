/** What a redacted secret is shown as in stored requests, logs and test results. */
export const REDACTED = '••••';

/**
 * Every form a secret can take in a rendered request: as is, percent-encoded (URL path and query),
 * form-encoded (`+` for spaces) and escaped inside a JSON string. Longest first, so a secret that
 * contains another is replaced whole.
 */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams([['', secret]]).toString().slice(1));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of any secret (in any of its encoded forms) with `••••`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return redactForms(text, secretForms(secrets));
}

/** {@link redactSecrets} with forms computed once by {@link secretForms}, for many fields. */
export function redactForms(text: string, forms: readonly string[]): string {
  let redacted = text;
  for (const form of forms) {
    if (redacted.includes(form)) redacted = redacted.split(form).join(REDACTED);
  }
  return redacted;
}
