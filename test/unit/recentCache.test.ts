import { describe, expect, it } from 'vitest';
import { RecentCache } from '../../src/knowledge/recentCache';

describe('recent cache', () => {
  it('drops what has not been used for longest, keeps what was used again', () => {
    const cache = new RecentCache<number>(4);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    cache.set('d', 4);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('d')).toBe(4);
    expect(cache.get('a')).toBe(1);
  });

  it.each([1, 2, 10, 2000])('with capacity %i: never more entries than that, and always the newest half of it', (capacity) => {
    const cache = new RecentCache<number>(capacity);
    const newest = Math.max(1, Math.floor(capacity / 2));
    for (let i = 0; i < 5 * capacity + 3; i++) {
      cache.set(`k${i}`, i);
      expect(cache.size).toBeLessThanOrEqual(capacity);
    }
    const last = 5 * capacity + 2;
    for (let j = last; j > last - newest; j--) expect(cache.get(`k${j}`)).toBe(j);
  });
});
