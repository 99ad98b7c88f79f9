import { CANDIDATE_SAMPLE_CHARS, detectCandidates } from './detect-candidates';
import { extractOutputs } from './extract-outputs';

const truoraResponse = {
  validation_id: 'VLD1234',
  account_id: 'acc-1',
  type: 'email-verification',
  validation_status: 'pending',
  creation_date: '2024-05-01T12:00:00.123Z',
  details: { attempts: 1, score: 0.9, verified: false, expires: '2024-05-02', note: null, empty: {}, list: [] },
  'order.name': '#1002',
  items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }],
  tags: ['x', 'y'],
};

describe('detectCandidates', () => {
  it('lists every leaf with its path, inferred type and a sample, in document order', () => {
    expect(detectCandidates(truoraResponse)).toEqual([
      { key: 'validation_id', type: 'STRING', sample: 'VLD1234' },
      { key: 'account_id', type: 'STRING', sample: 'acc-1' },
      { key: 'type', type: 'STRING', sample: 'email-verification' },
      { key: 'validation_status', type: 'STRING', sample: 'pending' },
      { key: 'creation_date', type: 'DATETIME', sample: '2024-05-01T12:00:00.123Z' },
      { key: 'details.attempts', type: 'INTEGER', sample: 1 },
      { key: 'details.score', type: 'NUMBER', sample: 0.9 },
      { key: 'details.verified', type: 'BOOLEAN', sample: false },
      { key: 'details.expires', type: 'DATETIME', sample: '2024-05-02' },
      { key: 'details.note', type: 'STRING', sample: null },
      { key: '["order.name"]', type: 'STRING', sample: '#1002' },
      { key: 'items[0].id', type: 'STRING', sample: 'a' },
      { key: 'items[1].id', type: 'STRING', sample: 'b' },
      { key: 'items[2].id', type: 'STRING', sample: 'c' },
      { key: 'tags[0]', type: 'STRING', sample: 'x' },
      { key: 'tags[1]', type: 'STRING', sample: 'y' },
    ]);
  });

  it('gives paths that extractOutputs reads back to the sample', () => {
    const candidates = detectCandidates(truoraResponse).filter((c) => c.sample !== null);
    const result = extractOutputs(
      truoraResponse,
      candidates.map((c) => ({ name: c.key, key: c.key, type: c.type, required: true })),
    );
    expect(result.ok).toBe(true);
    expect(result.outputs).toEqual(Object.fromEntries(candidates.map((c) => [c.key, c.sample])));
  });

  it('stops at the limit', () => {
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    expect(detectCandidates(wide)).toHaveLength(200);
    expect(detectCandidates(wide, 5).map((c) => c.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
  });

  it('cuts long samples and handles root arrays, scalars and non-JSON', () => {
    const [long] = detectCandidates({ blob: 'z'.repeat(10_000) });
    expect(long.sample).toBe(`${'z'.repeat(CANDIDATE_SAMPLE_CHARS)}…`);
    expect(detectCandidates([{ id: 1 }])).toEqual([{ key: '[0].id', type: 'INTEGER', sample: 1 }]);
    expect(detectCandidates('just text')).toEqual([]);
    expect(detectCandidates(undefined)).toEqual([]);
  });

  it('does not recurse without bound on deep documents', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    expect(detectCandidates(deep)).toEqual([]);
  });
});
