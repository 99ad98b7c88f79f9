import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catchConduitError } from '@conduit/shared';
import { MasterKeyring, generateMasterKey, loadOrCreateMasterKey, masterKeyId } from './secret-box';

const AAD = 'workspace:ws_1/credential:cr_1/field:api_key';

describe('MasterKeyring', () => {
  const key = generateMasterKey();
  const keyring = new MasterKeyring(key);

  it('round-trips secrets, including empty and non-ASCII ones', () => {
    for (const secret of ['sk_live_123', '', 'pässwörd ✓ 🔑', 'x'.repeat(10_000)]) {
      expect(keyring.decrypt(keyring.encrypt(secret, AAD), AAD)).toBe(secret);
    }
  });

  it('writes v1.<key id>.<iv>.<tag>.<ciphertext> with a fresh IV each time', () => {
    const a = keyring.encrypt('same', AAD);
    const b = keyring.encrypt('same', AAD);
    expect(a).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a.split('.')[1]).toBe(keyring.currentKeyId);
    expect(keyring.currentKeyId).toBe(masterKeyId(Buffer.from(key, 'base64')));
    expect(a).not.toBe(b);
    expect(a).not.toContain('same');
  });

  it('binds the ciphertext to its associated data', () => {
    const stored = keyring.encrypt('sk_live_123', AAD);
    const error = catchConduitError(() => keyring.decrypt(stored, 'workspace:ws_2/credential:cr_1/field:api_key'));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/failed authentication .* tampered with, or it belongs to another record/);
  });

  it('detects tampering', () => {
    const [v, kid, iv, tag, ciphertext] = keyring.encrypt('sk_live_123', AAD).split('.');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => keyring.decrypt([v, kid, iv, tag, flipped.toString('base64url')].join('.'), AAD)).toThrow(/tampered/);
    expect(() => keyring.decrypt([v, kid, iv, tag.slice(0, 10), ciphertext].join('.'), AAD)).toThrow(/wrong length/);
    expect(() => keyring.decrypt('plain text', AAD)).toThrow(/not in the v1\.<key id>/);
  });

  it('fails loudly with another master key, naming both key ids', () => {
    const stored = keyring.encrypt('sk_live_123', AAD);
    const other = new MasterKeyring(generateMasterKey());
    const error = catchConduitError(() => other.decrypt(stored, AAD));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe(
      `Stored secret was encrypted with key ${keyring.currentKeyId}, but CONDUIT_MASTER_KEY has id ${other.currentKeyId}. ` +
        'Restore the key it was encrypted with (as the master key or a previous key) to read it.',
    );
  });

  it('decrypts with a previous key after rotation and says what to re-encrypt', () => {
    const stored = keyring.encrypt('sk_live_123', AAD);
    const rotated = new MasterKeyring(generateMasterKey(), [key]);
    expect(rotated.decrypt(stored, AAD)).toBe('sk_live_123');
    expect(rotated.needsReEncryption(stored)).toBe(true);
    expect(rotated.needsReEncryption(rotated.encrypt('sk_live_123', AAD))).toBe(false);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new MasterKeyring(Buffer.alloc(16).toString('base64'))).toThrow(/exactly 32 random bytes \(it decodes to 16 bytes\)/);
    expect(() => new MasterKeyring('not base64!')).toThrow(/it is not base64.*openssl rand -base64 32/);
    expect(() => new MasterKeyring(Buffer.alloc(31))).toThrow(/exactly 32 bytes, got 31/);
  });
});

describe('loadOrCreateMasterKey', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'conduit-key-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses CONDUIT_MASTER_KEY when set, in production or not', async () => {
    const envValue = generateMasterKey();
    for (const production of [true, false]) {
      const loaded = await loadOrCreateMasterKey({ envValue, dataDir, production });
      expect(loaded).toMatchObject({ source: 'env', keyId: masterKeyId(Buffer.from(envValue, 'base64')) });
      expect(loaded.key.toString('base64')).toBe(envValue);
    }
    await expect(stat(join(dataDir, 'master.key'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses an env value that is not 32 bytes', async () => {
    await expect(loadOrCreateMasterKey({ envValue: 'c2hvcnQ=', dataDir, production: true })).rejects.toThrow(
      /CONDUIT_MASTER_KEY must be the base64 of exactly 32 random bytes \(it decodes to 5 bytes\)/,
    );
  });

  it('requires the env value in production', async () => {
    await expect(loadOrCreateMasterKey({ dataDir, production: true })).rejects.toThrow(/CONDUIT_MASTER_KEY is required in production/);
    await expect(loadOrCreateMasterKey({ envValue: '  ', dataDir, production: true })).rejects.toThrow(/required in production/);
  });

  it('creates <dataDir>/master.key once (mode 0600) and reuses it', async () => {
    const nested = join(dataDir, 'new', 'dir');
    const first = await loadOrCreateMasterKey({ dataDir: nested, production: false });
    expect(first).toMatchObject({ source: 'created', path: join(nested, 'master.key') });
    expect((await stat(join(nested, 'master.key'))).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateMasterKey({ dataDir: nested, production: false });
    expect(second).toMatchObject({ source: 'file', keyId: first.keyId });
    expect(second.key.equals(first.key)).toBe(true);
    // and a secret encrypted on the first start decrypts on the second
    const stored = new MasterKeyring(first.key).encrypt('sk_live_123', AAD);
    expect(new MasterKeyring(second.key).decrypt(stored, AAD)).toBe('sk_live_123');
  });

  it('gives every concurrent first start the same key', async () => {
    const loaded = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateMasterKey({ dataDir, production: false })));
    expect(new Set(loaded.map((l) => l.keyId)).size).toBe(1);
    expect(loaded.filter((l) => l.source === 'created')).toHaveLength(1);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    await writeFile(join(dataDir, 'master.key'), 'garbage\n');
    await expect(loadOrCreateMasterKey({ dataDir, production: false })).rejects.toThrow(/master key file .*master\.key must be the base64 of exactly 32/);
    expect(await readFile(join(dataDir, 'master.key'), 'utf8')).toBe('garbage\n');
  });
});
