const SENSITIVE = /authorization|cookie|token|secret|password|passwd|api[-_]?key|signature|session/i;

/** True for header names whose values are credentials and must never be stored or shown. */
export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE.test(name) && name.toLowerCase() !== 'webhook-signature';
}

/** Replaces credential-looking header values with `••••` for logs and stored requests. */
export function redactHeaders(headers: [string, string][]): [string, string][] {
  return headers.map(([name, value]) => [name, isSensitiveHeader(name) ? '••••' : value]);
}
