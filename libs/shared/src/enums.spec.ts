import { assertNever } from './enums';

describe('assertNever', () => {
  it('throws naming the unexpected value', () => {
    expect(() => assertNever('X' as never)).toThrow('Unexpected value: X');
  });
});
