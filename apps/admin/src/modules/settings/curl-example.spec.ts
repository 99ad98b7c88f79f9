import { describe, expect, it } from '@jest/globals';
import { publishEventCurl } from './curl-example';

describe('publishEventCurl', () => {
  it('posts a JSON event to /v1/events with the key as a bearer token', () => {
    const command = publishEventCurl('https://conduit.example.com', 'cdk_abcd1234_secret');
    expect(command).toContain('curl -X POST https://conduit.example.com/v1/events');
    expect(command).toContain('-H "Authorization: Bearer cdk_abcd1234_secret"');
    const body = /-d '(.*)'$/.exec(command)?.[1];
    expect(JSON.parse(body ?? '')).toMatchObject({ type: 'ticket.created', payload: { ticket: { id: 'T-1001' } } });
  });
});
