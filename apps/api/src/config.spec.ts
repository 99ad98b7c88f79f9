import { loadConfig } from './config';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, role: 'all', databaseUrl: undefined, disableAfterFailures: 100, retentionDays: 30 });
    expect(config.disableAfterFailingMs).toBe(5 * 24 * 3_600_000);
    expect(config.dataDir.endsWith('.data')).toBe(true);
  });

  it('refuses bad values with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT must be a whole number from 0 to 65535, got "eighty".');
    expect(() => loadConfig({ CONDUIT_ROLE: 'scheduler' })).toThrow('CONDUIT_ROLE must be all, api or worker');
    expect(() => loadConfig({ CONDUIT_DISABLE_AFTER_FAILURES: '0' })).toThrow('CONDUIT_DISABLE_AFTER_FAILURES');
  });

  it('requires the master key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('CONDUIT_MASTER_KEY is required');
    expect(loadConfig({ NODE_ENV: 'production', CONDUIT_MASTER_KEY: 'x' }).production).toBe(true);
  });
});
