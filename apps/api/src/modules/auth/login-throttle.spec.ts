import { ConduitError } from '@conduit/shared';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  it('blocks a key after the maximum failures within the window, then lets it try again after the block', () => {
    let now = 0;
    const throttle = new LoginThrottle(3, 60_000, 120_000, () => now);
    for (let i = 0; i < 3; i++) {
      throttle.check('a@example.com|1.2.3.4');
      throttle.fail('a@example.com|1.2.3.4');
    }
    expect(() => throttle.check('a@example.com|1.2.3.4')).toThrow(ConduitError);
    expect(() => throttle.check('a@example.com|1.2.3.4')).toThrow(/Try again in 2 minute/);
    // Other keys are not affected.
    expect(() => throttle.check('b@example.com|1.2.3.4')).not.toThrow();
    now = 120_001;
    expect(() => throttle.check('a@example.com|1.2.3.4')).not.toThrow();
  });

  it('forgets failures older than the window and resets on success', () => {
    let now = 0;
    const throttle = new LoginThrottle(3, 60_000, 120_000, () => now);
    throttle.fail('k');
    throttle.fail('k');
    now = 61_000;
    throttle.fail('k');
    expect(() => throttle.check('k')).not.toThrow();
    throttle.fail('k');
    throttle.succeed('k');
    throttle.fail('k');
    throttle.fail('k');
    expect(() => throttle.check('k')).not.toThrow();
  });
});
