import { applyOutcomes, computeHealth, DEFAULT_HEALTH_POLICY, type TargetHealthState } from './health';

const fresh: TargetHealthState = { enabled: true, consecutiveFailures: 0, failingSince: null, recentOutcomes: '' };
const at = (ms: number) => new Date(1_700_000_000_000 + ms);
const fail = (ms = 0) => ({ success: false, at: at(ms), disableTarget: false });
const ok = (ms = 0) => ({ success: true, at: at(ms), disableTarget: false });

describe('computeHealth', () => {
  it('follows the definitions of DESIGN.md', () => {
    expect(computeHealth(fresh)).toBe('HEALTHY');
    expect(computeHealth({ ...fresh, enabled: false })).toBe('DISABLED');
    expect(computeHealth({ ...fresh, consecutiveFailures: 5, recentOutcomes: '00000' })).toBe('FAILING');
    expect(computeHealth({ ...fresh, consecutiveFailures: 4, recentOutcomes: '1'.repeat(46) + '0000' })).toBe('HEALTHY');
    expect(computeHealth({ ...fresh, recentOutcomes: '1'.repeat(40) + '0'.repeat(5) + '11111' })).toBe('HEALTHY'); // 90 %
    expect(computeHealth({ ...fresh, recentOutcomes: '1'.repeat(40) + '0'.repeat(6) + '1111' })).toBe('DEGRADED'); // 88 %
  });
});

describe('applyOutcomes', () => {
  it('counts consecutive failures, keeps the last 50 outcomes and resets on success', () => {
    let state = fresh;
    for (let i = 0; i < 60; i++) state = applyOutcomes(state, [fail(i)], DEFAULT_HEALTH_POLICY, at(i)).state;
    expect(state.consecutiveFailures).toBe(60);
    expect(state.recentOutcomes).toHaveLength(50);
    expect(state.failingSince).toEqual(at(0));
    const after = applyOutcomes(state, [ok(61)], DEFAULT_HEALTH_POLICY, at(61));
    expect(after.state.consecutiveFailures).toBe(0);
    expect(after.state.failingSince).toBeNull();
    expect(after.health).toBe('DEGRADED');
  });

  it('disables after the configured number of consecutive failures', () => {
    const policy = { ...DEFAULT_HEALTH_POLICY, disableAfterFailures: 3 };
    const update = applyOutcomes(fresh, [fail(), fail(), fail()], policy, at(10));
    expect(update.state.enabled).toBe(false);
    expect(update.health).toBe('DISABLED');
    expect(update.disableReason).toContain('3 consecutive failed attempts');
  });

  it('disables after failing continuously for the configured time', () => {
    const policy = { ...DEFAULT_HEALTH_POLICY, disableAfterFailingMs: 60_000 };
    const update = applyOutcomes({ ...fresh, consecutiveFailures: 2, failingSince: at(0) }, [fail(61_000)], policy, at(61_000));
    expect(update.disableReason).toContain('Failing continuously since');
  });

  it('disables at once on 410 Gone and not when a success comes after failures', () => {
    expect(applyOutcomes(fresh, [{ success: false, at: at(0), disableTarget: true }], DEFAULT_HEALTH_POLICY, at(0)).disableReason).toContain('410');
    const recovered = applyOutcomes(fresh, [fail(), fail(), ok()], { ...DEFAULT_HEALTH_POLICY, disableAfterFailures: 2 }, at(0));
    expect(recovered.state.enabled).toBe(true);
  });
});
