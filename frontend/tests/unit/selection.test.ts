import { describe, expect, it } from 'vitest';
import { emailList, rangeBetween } from '../../src/lib/selection';

describe('selection', () => {
  it('a range includes both ends, in either direction', () => {
    expect(rangeBetween(2, 5)).toEqual([2, 3, 4, 5]);
    expect(rangeBetween(5, 2)).toEqual([2, 3, 4, 5]);
    expect(rangeBetween(3, 3)).toEqual([3]);
  });

  it('copied addresses are comma-separated, empty ones dropped', () => {
    expect(emailList(['a@x.com', '', 'b@y.com'])).toBe('a@x.com, b@y.com');
  });
});
