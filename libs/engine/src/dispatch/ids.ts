import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new delivery id: `msg_` + a ULID (48-bit time + 80 random bits, Crockford base32), so ids sort
 * by creation time. It is the `webhook-id` header receivers dedupe on.
 */
export function newDeliveryId(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(10);
  let random = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      random += CROCKFORD[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `msg_${time}${random}`;
}
