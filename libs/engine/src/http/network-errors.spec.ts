import { AttemptTimeoutError, TargetBlockedError, describeNetworkError } from './network-errors';

function coded(code: string, message = code, name = 'Error'): Error {
  return Object.assign(new Error(message), { code, name });
}

describe('describeNetworkError', () => {
  it.each([
    [coded('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'), 'TIMEOUT'],
    [coded('UND_ERR_HEADERS_TIMEOUT'), 'TIMEOUT'],
    [new AttemptTimeoutError(5000), 'TIMEOUT'],
    [coded('HPE_INVALID_CONSTANT', 'Expected HTTP/', 'HTTPParserError'), 'INVALID_RESPONSE'],
    [coded('UND_ERR_RES_CONTENT_LENGTH_MISMATCH'), 'INVALID_RESPONSE'],
    // Headers over undici's 16 kB limit: the receiver's answer, not the network, is at fault.
    [coded('UND_ERR_HEADERS_OVERFLOW', 'Headers Overflow Error', 'HeadersOverflowError'), 'INVALID_RESPONSE'],
    [coded('ECONNREFUSED'), 'NETWORK_ERROR'],
    [coded('ECONNRESET'), 'NETWORK_ERROR'],
    [coded('ENOTFOUND'), 'NETWORK_ERROR'],
    [coded('CERT_HAS_EXPIRED', 'certificate has expired'), 'NETWORK_ERROR'],
    [coded('UND_ERR_INVALID_ARG', 'invalid x header'), 'BLOCKED'],
    [new TargetBlockedError('Blocked: x'), 'BLOCKED'],
  ])('classifies %s as %s', (error, outcome) => {
    expect(describeNetworkError(error, 'example.com:443').outcome).toBe(outcome);
  });

  it('looks through causes and AggregateErrors (several addresses tried)', () => {
    const aggregate = new AggregateError([coded('ECONNREFUSED', 'connect ECONNREFUSED ::1:80'), coded('ETIMEDOUT')], 'all failed');
    expect(describeNetworkError(aggregate, 'example.com').outcome).toBe('NETWORK_ERROR');
    expect(describeNetworkError(aggregate, 'example.com').error).toMatch(/Connection refused by example\.com: connect ECONNREFUSED ::1:80/);
    const wrapped = new Error('fetch failed', { cause: new TargetBlockedError('Blocked: metadata') });
    expect(describeNetworkError(wrapped, 'example.com')).toEqual({ outcome: 'BLOCKED', error: 'Blocked: metadata' });
  });

  it('describes anything else as NETWORK_ERROR with its message and code', () => {
    expect(describeNetworkError(coded('EPROTO', 'wrong version number'), 'example.com')).toEqual({
      outcome: 'NETWORK_ERROR',
      error: 'Request to example.com failed: wrong version number (EPROTO)',
    });
    expect(describeNetworkError('weird', 'example.com').outcome).toBe('NETWORK_ERROR');
  });
});
