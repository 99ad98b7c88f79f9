import { createTestDatabase } from './support/database';
import { startTestApp } from './support/harness';

describe('master key', () => {
  it('a start with a different master key than the one that encrypted the database fails loudly, and the right key still works', async () => {
    const database = await createTestDatabase();
    try {
      const keyA = Buffer.alloc(32, 1).toString('base64');
      const keyB = Buffer.alloc(32, 2).toString('base64');
      const first = await startTestApp({ CONDUIT_MASTER_KEY: keyA }, { databaseUrl: database.url });
      await first.ok('mutation { createWebhook(input: { url: "http://127.0.0.1:9/x", events: ["*"] }) { secret } }');
      await first.stop();

      await expect(startTestApp({ CONDUIT_MASTER_KEY: keyB }, { databaseUrl: database.url })).rejects.toThrow(
        /master key .* does not match the key this database's secrets were encrypted with/,
      );

      const again = await startTestApp({ CONDUIT_MASTER_KEY: keyA }, { databaseUrl: database.url });
      const { webhooks } = await again.ok<{ webhooks: { id: string }[] }>('{ webhooks { id } }');
      expect(webhooks).toHaveLength(1);
      await again.stop();
    } finally {
      await database.drop();
    }
  });
});
