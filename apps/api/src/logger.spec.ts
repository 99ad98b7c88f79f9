import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('logs a failed query without the values bound to it (password hashes, secrets, tokens)', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), { code: '23505' });
    const error = new QueryFailedError('INSERT INTO "users"("email", "password_hash") VALUES ($1, $2)', ['owner@example.com', '$argon2id$v=19$secret-hash'], driverError);

    createLogger('info', sink).error({ err: error }, 'could not start');

    const logged = JSON.parse(lines[0]) as { err: Record<string, unknown> };
    expect(lines[0]).not.toContain('secret-hash');
    expect(logged.err.parameters).toBe('[not logged]');
    // What an operator needs is still there: the statement, the database's message and code.
    expect(logged.err.query).toContain('INSERT INTO "users"');
    expect(logged.err.message).toContain('users_email_key');
    expect(JSON.stringify(logged.err.driverError)).toContain('23505');
  });
});
