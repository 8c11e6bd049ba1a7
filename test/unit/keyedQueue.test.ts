import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/channels/directline/keyedQueue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedQueue', () => {
  it('runs the tasks of one key one at a time, in order, and other keys beside them', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await tick();
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run('a', task('a1')), queue.run('a', task('a2')), queue.run('b', task('b1'))]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(events.indexOf('a1 end')).toBeLessThan(events.indexOf('a2 start'));
    expect(events.indexOf('b1 start')).toBeLessThan(events.indexOf('a1 end'));
    expect(queue.busyKeys).toBe(0);
  });

  it('goes on with the next task after one fails', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    const next = queue.run('a', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('reentrant: a task queued from inside a task of the same key runs at once', async () => {
    const queue = new KeyedQueue({ reentrant: true });
    const inner = await queue.run('a', () => queue.run('a', async () => 'inner'));
    expect(inner).toBe('inner');
  });
});
