import { describe, expect, it } from '@jest/globals';
import { NO_FILTERS, hasFilters, readFilters, toDeliveryFilter, writeFilters } from './log-filters';

describe('log filters in the URL', () => {
  it('round-trips through the search parameters and keeps the others', () => {
    const filters = { webhookId: 'w1', automationId: null, status: ['FAILED' as const, 'RETRYING' as const], since: '2025-01-01T00:00:00.000Z', until: null };
    const params = writeFilters(new URLSearchParams('delivery=d1&until=x'), filters);
    expect(params.toString()).toBe('delivery=d1&webhook=w1&status=FAILED%2CRETRYING&since=2025-01-01T00%3A00%3A00.000Z');
    expect(readFilters(params)).toEqual(filters);
  });

  it('ignores unknown statuses and dates that do not parse', () => {
    expect(readFilters(new URLSearchParams('status=FAILED,NOPE&since=yesterday'))).toEqual({ ...NO_FILTERS, status: ['FAILED'] });
  });

  it('sends only the filters that are set', () => {
    expect(toDeliveryFilter(NO_FILTERS)).toEqual({});
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(toDeliveryFilter({ ...NO_FILTERS, automationId: 'a', status: ['SUCCEEDED'] })).toEqual({ automationId: 'a', status: ['SUCCEEDED'] });
  });
});
