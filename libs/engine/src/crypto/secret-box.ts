import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConduitError } from '@conduit/shared';

/** The environment variable holding the master key. */
export const MASTER_KEY_SETTING = 'CONDUIT_MASTER_KEY';
/** File the development master key is kept in, inside the data directory. */
export const MASTER_KEY_FILE = 'master.key';
/** Master keys are 32 bytes (AES-256). */
export const MASTER_KEY_BYTES = 32;

const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A new random master key, base64 (what `openssl rand -base64 32` prints). */
export function generateMasterKey(): string {
  return randomBytes(MASTER_KEY_BYTES).toString('base64');
}

/** The public id of a key: first 8 hex characters of its SHA-256. Stored with every ciphertext. */
export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Decodes a base64 master key, or throws INTERNAL saying what is wrong and how to make one. */
export function decodeMasterKey(text: string, source: string = MASTER_KEY_SETTING): Buffer {
  const trimmed = text.trim();
  const key = BASE64.test(trimmed) ? Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64') : undefined;
  if (!key || key.length !== MASTER_KEY_BYTES) {
    throw new ConduitError(
      'INTERNAL',
      `${source} must be the base64 of exactly ${MASTER_KEY_BYTES} random bytes` +
        (key ? ` (it decodes to ${key.length} bytes)` : ' (it is not base64)') +
        '; generate one with: openssl rand -base64 32',
    );
  }
  return key;
}

interface Key {
  id: string;
  bytes: Buffer;
}

/**
 * Encrypts secrets at rest with AES-256-GCM. The current key encrypts; older keys (rotation) still
 * decrypt. Each ciphertext names its key and is bound to associated data (e.g. workspace,
 * credential and field), so it cannot be copied onto another record.
 * Format: `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export class MasterKeyring {
  /** Id of the key new ciphertexts are made with. */
  readonly currentKeyId: string;
  private readonly current: Key;
  private readonly keys: ReadonlyMap<string, Key>;

  /** @param current the key to encrypt with; @param previous keys still accepted for decryption. */
  constructor(current: Buffer | string, previous: ReadonlyArray<Buffer | string> = []) {
    this.current = toKey(current, MASTER_KEY_SETTING);
    this.currentKeyId = this.current.id;
    const keys = new Map<string, Key>([[this.current.id, this.current]]);
    previous.forEach((key, index) => {
      const k = toKey(key, `previous master key ${index + 1}`);
      if (!keys.has(k.id)) keys.set(k.id, k);
    });
    this.keys = keys;
  }

  /** Encrypts `plaintext`, bound to `aad` (the same text must be given to decrypt). */
  encrypt(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT_VERSION, this.current.id, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /** Decrypts a value made by {@link encrypt} with the same `aad`; throws INTERNAL with the reason otherwise. */
  decrypt(text: string, aad: string): string {
    const parts = text.split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT_VERSION) {
      throw new ConduitError('INTERNAL', 'Stored secret is not in the v1.<key id>.<iv>.<tag>.<ciphertext> format; it was not written by Conduit or is damaged.');
    }
    const [, keyId, ivText, tagText, ciphertextText] = parts;
    const key = this.keys.get(keyId);
    if (!key) {
      const known = [...this.keys.keys()].filter((id) => id !== this.currentKeyId);
      throw new ConduitError(
        'INTERNAL',
        `Stored secret was encrypted with key ${keyId}, but ${MASTER_KEY_SETTING} has id ${this.currentKeyId}` +
          (known.length > 0 ? ` (previous keys: ${known.join(', ')})` : '') +
          '. Restore the key it was encrypted with (as the master key or a previous key) to read it.',
        { keyId, currentKeyId: this.currentKeyId },
      );
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new ConduitError('INTERNAL', 'Stored secret is damaged: its IV or authentication tag has the wrong length.', { keyId });
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new ConduitError(
        'INTERNAL',
        `Stored secret failed authentication with key ${keyId}: it was tampered with, or it belongs to another record ` +
          '(the associated data does not match).',
        { keyId },
      );
    }
  }

  /** True when `text` was encrypted with an older key and should be re-encrypted with the current one. */
  needsReEncryption(text: string): boolean {
    return text.split('.', 2)[1] !== this.currentKeyId;
  }
}

function toKey(key: Buffer | string, source: string): Key {
  const bytes = typeof key === 'string' ? decodeMasterKey(key, source) : key;
  if (bytes.length !== MASTER_KEY_BYTES) {
    throw new ConduitError('INTERNAL', `${source} must be exactly ${MASTER_KEY_BYTES} bytes, got ${bytes.length}.`);
  }
  return { id: masterKeyId(bytes), bytes };
}

/** Options of {@link loadOrCreateMasterKey}. */
export interface LoadMasterKeyOptions {
  /** The value of CONDUIT_MASTER_KEY, if set. */
  envValue?: string;
  /** Where a development key is kept (CONDUIT_DATA_DIR). */
  dataDir: string;
  /** In production the key must come from the environment. */
  production: boolean;
}

/** The master key and where it came from (for a start-up log line; never log the key). */
export interface LoadedMasterKey {
  key: Buffer;
  keyId: string;
  source: 'env' | 'file' | 'created';
  /** The key file, when the key came from one. */
  path?: string;
}

/**
 * Finds the master key: CONDUIT_MASTER_KEY wins; in production it is required; otherwise the key
 * in `<dataDir>/master.key` is used, created (mode 0600) on the first start.
 */
export async function loadOrCreateMasterKey(options: LoadMasterKeyOptions): Promise<LoadedMasterKey> {
  const envValue = options.envValue?.trim();
  if (envValue) {
    const key = decodeMasterKey(envValue);
    return { key, keyId: masterKeyId(key), source: 'env' };
  }
  if (options.production) {
    throw new ConduitError(
      'INTERNAL',
      `${MASTER_KEY_SETTING} is required in production: it encrypts credentials at rest. ` +
        'Generate one with `openssl rand -base64 32`, keep it safe, and set it on every api and worker process.',
    );
  }
  const path = join(options.dataDir, MASTER_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing) return { key: existing, keyId: masterKeyId(existing), source: 'file', path };

  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(MASTER_KEY_BYTES);
  // Write a temporary file, then link it into place: link fails if another process won the race,
  // and nobody ever reads a half-written key.
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    await chmod(temporary, 0o600);
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKeyFile(path);
    if (!winner) throw error;
    return { key: winner, keyId: masterKeyId(winner), source: 'file', path };
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return { key, keyId: masterKeyId(key), source: 'created', path };
}

async function readKeyFile(path: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return decodeMasterKey(text, `The master key file ${path}`);
}
