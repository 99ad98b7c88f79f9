import { createHash } from 'node:crypto';

/** Hex SHA-256 of a text: how session tokens, API keys and sign-in throttle keys are stored. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
