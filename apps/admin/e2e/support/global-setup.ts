import startPostgres from '../../../api/test/support/global-setup';
import { ensureChromium } from './chromium';

/** A browser and a PostgreSQL (the server in DATABASE_URL, else an embedded one) for the whole run. */
export default async function globalSetup(): Promise<void> {
  ensureChromium();
  await startPostgres();
}
