import { describe, expect, it } from '@jest/globals';
import { LIVE_FEED_LIMIT, emptyFeed, liveFeed, type LiveFeedState } from './live-feed';

type Row = { id: string };
const receive = (state: LiveFeedState<Row>, id: string) => liveFeed(state, { type: 'received', item: { id } });

describe('liveFeed', () => {
  it('puts the newest attempt on top', () => {
    const state = receive(receive(emptyFeed<Row>(), 'a'), 'b');
    expect(state.rows.map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('holds back attempts while paused and shows them, newest first, on resume', () => {
    let state = receive(emptyFeed<Row>(), 'a');
    state = liveFeed(state, { type: 'pause' });
    state = receive(receive(state, 'b'), 'c');
    expect(state.rows.map((r) => r.id)).toEqual(['a']);
    expect(state.waiting).toHaveLength(2);
    state = liveFeed(state, { type: 'resume' });
    expect(state).toEqual({ rows: [{ id: 'c' }, { id: 'b' }, { id: 'a' }], waiting: [], paused: false });
  });

  it('shows an attempt delivered twice once', () => {
    const state = receive(receive(emptyFeed<Row>(), 'a'), 'a');
    expect(state.rows).toHaveLength(1);
  });

  it('keeps at most LIVE_FEED_LIMIT rows', () => {
    let state = emptyFeed<Row>();
    for (let i = 0; i < LIVE_FEED_LIMIT + 5; i++) state = receive(state, String(i));
    expect(state.rows).toHaveLength(LIVE_FEED_LIMIT);
    expect(state.rows[0].id).toBe(String(LIVE_FEED_LIMIT + 4));
  });

  it('clears the rows but stays paused', () => {
    const state = liveFeed(receive(liveFeed(emptyFeed<Row>(), { type: 'pause' }), 'a'), { type: 'clear' });
    expect(state).toEqual({ rows: [], waiting: [], paused: true });
  });
});
