import { ConduitError } from '@conduit/shared';
import { authorizationFor } from './integration.service';
import { assertIdentifier } from './request-template';
import type { StoredAuthField } from './integration.entity';

const field = (identifier: string, type: StoredAuthField['type'] = 'PASSWORD'): StoredAuthField => ({ identifier, name: null, type, required: true });

describe('authorizationFor (how an auth scheme applies to a request)', () => {
  it('adds nothing for NONE and API_KEY: API_KEY templates place {{ credential.<identifier> }} themselves', () => {
    expect(authorizationFor('NONE', [], {})).toBeNull();
    expect(authorizationFor('API_KEY', [field('api_key')], { api_key: 'k' })).toBeNull();
  });

  it('sends Basic base64(username:password) from the fields named username and password', () => {
    const fields = [field('username', 'TEXT'), field('password')];
    expect(authorizationFor('BASIC', fields, { username: 'ada', password: 'p:w ü' })).toBe(`Basic ${Buffer.from('ada:p:w ü', 'utf8').toString('base64')}`);
    expect(authorizationFor('BASIC', [field('password')], { password: 'secret' })).toBe(`Basic ${Buffer.from(':secret').toString('base64')}`);
  });

  it('sends Bearer with the field named token, else the first PASSWORD field', () => {
    expect(authorizationFor('BEARER', [field('secret'), field('token', 'TEXT')], { secret: 's', token: 't' })).toBe('Bearer t');
    expect(authorizationFor('BEARER', [field('account', 'TEXT'), field('access_key')], { account: 'a', access_key: 'k' })).toBe('Bearer k');
    expect(authorizationFor('BEARER', [field('token')], {})).toBeNull();
  });
});

describe('assertIdentifier (auth field identifiers and input keys)', () => {
  it.each(['api_key', 'a', 'key2', 'x_1_y'])('accepts %s', (value) => {
    expect(() => assertIdentifier(value, 'Identifier', 'f')).not.toThrow();
  });

  it.each(['', '1key', '_key', 'key_', 'Key', 'api-key', 'api key', 'ключ', 'a'.repeat(65)])('refuses %j with the rule in the message', (value) => {
    let error: unknown;
    try {
      assertIdentifier(value, 'Identifier', 'authFields[0].identifier');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConduitError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'authFields[0].identifier' } });
    expect((error as Error).message).toContain('lowercase letters, digits and "_" only, not starting with a digit or "_" and not ending with "_"');
  });
});
