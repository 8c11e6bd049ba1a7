import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger';
import { RedisLink } from '../../src/scaleout/redisLink';
import { TurnLock, TurnLockTimeout } from '../../src/scaleout/turnLock';

/** The turn lock as two instances see it: each its own Redis link and lock, one Redis between them. */
const redisUrl = process.env['REDIS_URL'];
if (!redisUrl) console.warn('turnLock.test: REDIS_URL is not set, so the across-instance lock tests were skipped');

const silent = createLogger('silent');
const links: RedisLink[] = [];

async function instance(namespace: string, options: ConstructorParameters<typeof TurnLock>[2] = {}): Promise<{ link: RedisLink; lock: TurnLock }> {
  const link = new RedisLink(redisUrl!, namespace, silent);
  links.push(link);
  await link.ready();
  return { link, lock: new TurnLock(link, silent, options) };
}

afterEach(async () => {
  await Promise.all(links.splice(0).map((link) => link.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('turn lock without Redis', () => {
  it('runs the turns of one conversation one at a time, in order, and other conversations meanwhile', async () => {
    const lock = new TurnLock(undefined, silent);
    const log: string[] = [];
    const turn = (key: string, name: string, ms: number) =>
      lock.run(key, async () => {
        log.push(`${name} start`);
        await sleep(ms);
        log.push(`${name} end`);
      });
    await Promise.all([turn('c1', 'a', 30), turn('c1', 'b', 1), turn('c2', 'x', 1)]);
    expect(log.indexOf('a end')).toBeLessThan(log.indexOf('b start'));
    expect(log.indexOf('x end')).toBeLessThan(log.indexOf('a end'));
  });
});

describe.runIf(redisUrl)('turn lock across instances', () => {
  it('never runs two turns of one conversation at once on two instances, and serves waiters in the order they came', async () => {
    const namespace = `wsb-test-${randomUUID()}`;
    const [one, two] = await Promise.all([instance(namespace), instance(namespace)]);
    const log: string[] = [];
    let running = 0;
    const turn = (lock: TurnLock, name: string) =>
      lock.run('directline/c1', async () => {
        running++;
        expect(running).toBe(1);
        log.push(name);
        await sleep(40);
        running--;
      });
    const first = turn(one.lock, 'first');
    await sleep(10);
    const second = turn(two.lock, 'second');
    await sleep(10);
    const third = turn(one.lock, 'third');
    await sleep(10);
    const fourth = turn(two.lock, 'fourth');
    await Promise.all([first, second, third, fourth]);
    expect(log).toEqual(['first', 'second', 'third', 'fourth']);
  });

  it('keeps the lock for a turn that outlasts its time to live, by renewing it', async () => {
    const namespace = `wsb-test-${randomUUID()}`;
    const [one, two] = await Promise.all([instance(namespace, { ttlMs: 300 }), instance(namespace, { ttlMs: 300 })]);
    const log: string[] = [];
    const long = one.lock.run('wechat/u1', async () => {
      await sleep(1000);
      log.push('long');
    });
    await sleep(50);
    await two.lock.run('wechat/u1', async () => {
      log.push('short');
    });
    await long;
    expect(log).toEqual(['long', 'short']);
  });

  it('frees the conversation of an instance that died holding its lock once the lock expires', async () => {
    const namespace = `wsb-test-${randomUUID()}`;
    const { link } = await instance(namespace);
    // What a SIGKILLed instance leaves behind: its lock, never released or renewed.
    await link.client.set(link.key('turn', '{emulator/c9}', 'lock'), 'dead-instance', 'PX', 300);
    const { lock } = await instance(namespace);
    const started = Date.now();
    await lock.run('emulator/c9', async () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("does not let a turn release another holder's lock", async () => {
    const namespace = `wsb-test-${randomUUID()}`;
    const { link, lock } = await instance(namespace, { ttlMs: 200 });
    const key = link.key('turn', '{directline/c3}', 'lock');
    await lock.run('directline/c3', async () => {
      // The lock expired under this turn and someone else took it.
      await link.client.set(key, 'someone-else', 'PX', 5000);
      await sleep(10);
    });
    expect(await link.client.get(key)).toBe('someone-else');
  });

  it('gives up after waiting its longest for a lock that stays taken', async () => {
    const namespace = `wsb-test-${randomUUID()}`;
    const { link, lock } = await instance(namespace, { maxWaitMs: 200 });
    await link.client.set(link.key('turn', '{directline/c4}', 'lock'), 'stuck', 'PX', 5000);
    await expect(lock.run('directline/c4', async () => 'ran')).rejects.toBeInstanceOf(TurnLockTimeout);
  });

  it('runs turns in this process alone while Redis is unreachable', async () => {
    const link = new RedisLink('redis://127.0.0.1:1', `wsb-test-${randomUUID()}`, silent);
    links.push(link);
    const lock = new TurnLock(link, silent);
    expect(await lock.run('directline/c5', async () => 'ran')).toBe('ran');
  });
});
