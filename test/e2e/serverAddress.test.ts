import { describe, expect, it } from 'vitest';
import { selfAddress, startServer } from '../../src/server';
import { createTestRuntime } from '../support/testRuntime';

describe('the server reaching itself', () => {
  it.each([
    ['0.0.0.0', '127.0.0.1'],
    ['::', '[::1]'],
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '[::1]'],
    ['bot.internal', 'bot.internal'],
  ])('listening on %s, it calls itself at %s', (host, expected) => expect(selfAddress(host)).toBe(expected));

  it('listening on every IPv6 address, the bot still reaches its own sandbox wallet', async () => {
    const runtime = await createTestRuntime();
    const server = await startServer(runtime, 0, '::');
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const challenge = await runtime.wallet.createChallenge('13800000001');
      expect(challenge.maskedDestination).toContain('****');
    } finally {
      await server.close();
      await runtime.close();
    }
  });
});
