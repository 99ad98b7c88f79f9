import type { DataSource } from 'typeorm';
import { ConduitError } from '@conduit/shared';
import type { MasterKeyring } from '@conduit/engine';

const CHECK_KEY = 'master_key_check';
const CHECK_AAD = 'conduit/master-key-check';
const CHECK_TEXT = 'conduit';

/**
 * Fails start-up loudly when the master key is not the one that encrypted the stored secrets,
 * instead of signing with garbage later. The first start stores a check value.
 */
export async function verifyMasterKey(db: DataSource, keyring: MasterKeyring): Promise<void> {
  const rows: { value: string }[] = await db.query('SELECT value FROM settings WHERE key = $1', [CHECK_KEY]);
  if (rows.length === 0) {
    await db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [CHECK_KEY, keyring.encrypt(CHECK_TEXT, CHECK_AAD)]);
    return;
  }
  let plain: string;
  try {
    plain = keyring.decrypt(rows[0].value, CHECK_AAD);
  } catch (error) {
    throw new ConduitError(
      'INTERNAL',
      `The master key (CONDUIT_MASTER_KEY, or master.key in the data directory) does not match the key this database's secrets were encrypted with: ${(error as Error).message} ` +
        'Start with the original key; secrets cannot be read without it.',
    );
  }
  if (plain !== CHECK_TEXT) throw new ConduitError('INTERNAL', 'The master key check value is corrupt.');
}
