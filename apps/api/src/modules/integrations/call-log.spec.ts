import type { HttpExchange } from '@conduit/engine';
import { storedRequest, storedResponse } from './call-log';

const exchange = (body: string, headers: [string, string][] = []): HttpExchange => ({
  outcome: 'SUCCESS',
  status: 200,
  headers,
  body,
  bodyTruncated: false,
  durationMs: 3,
  finalUrl: 'https://api.example.com/',
});

describe('what an action call leaves in the log', () => {
  it('keeps at most 64 kB of a response body without splitting a character', () => {
    const body = `${'a'.repeat(65_535)}é tail`;
    const stored = storedResponse(exchange(body), []);
    expect(stored?.bodyTruncated).toBe(true);
    expect(stored?.body).toBe('a'.repeat(65_535));
    expect(storedResponse(exchange('{"ok":true}'), [])).toMatchObject({ body: '{"ok":true}', bodyTruncated: false });
  });

  it('redacts credential values a target echoes back, in any encoding, and credential-like headers', () => {
    const stored = storedResponse(exchange('{"key":"s3cr3t k"}', [['x-echo', 's3cr3t%20k'], ['set-cookie', 'session=1']]), ['s3cr3t k']);
    expect(stored?.body).toBe('{"key":"••••"}');
    expect(stored?.headers).toEqual([
      ['x-echo', '••••'],
      ['set-cookie', '••••'],
    ]);
  });

  it('masks credential-like request headers and stores a missing body as null', () => {
    expect(storedRequest({ method: 'GET', url: 'https://x', headers: [['Authorization', 'Bearer t'], ['Accept', 'application/json']], body: undefined })).toEqual({
      method: 'GET',
      url: 'https://x',
      headers: [
        ['Authorization', '••••'],
        ['Accept', 'application/json'],
      ],
      body: null,
    });
  });
});
