import { describe, expect, it } from 'vitest';
import { RecentCache } from '../../src/knowledge/recentCache';

describe('recent cache', () => {
  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new RecentCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });
});
