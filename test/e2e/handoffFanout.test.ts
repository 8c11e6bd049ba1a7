import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server';
import { AgentClient } from '../support/agentApi';
import { createTestRuntime, tempDataDir } from '../support/testRuntime';

/**
 * Two instances over one database and one Redis: an agent's console on one hears of a request that
 * arrived on the other at once, through Redis pub/sub.
 */
const redisUrl = process.env['REDIS_URL'];
if (!redisUrl) console.warn('hand-off fan-out test skipped: REDIS_URL is not set (.ci/run sets it).');

const data = tempDataDir();
const instances: { runtime: Awaited<ReturnType<typeof createTestRuntime>>; server: RunningServer }[] = [];

beforeAll(async () => {
  if (!redisUrl) return;
  // The Redis channel is named after the database, here a fresh SQLite file: no other run shares it.
  const env = { REDIS_URL: redisUrl };
  for (let i = 0; i < 2; i++) {
    const runtime = await createTestRuntime({ dataDir: data.dir, env });
    instances.push({ runtime, server: await startServer(runtime, 0, '127.0.0.1') });
  }
});

afterAll(async () => {
  for (const { runtime, server } of instances) {
    await server.close();
    await runtime.close();
  }
  data.remove();
});

it.skipIf(!redisUrl)('tells a console on one instance of a request that arrived on the other', async () => {
  const [first, second] = instances;
  const agent = new AgentClient(second!.server.url);
  expect(await agent.login('demo', 'demo')).toBe(200);
  const controller = new AbortController();
  const reader = await agent.events(controller.signal);
  await reader.read();

  const reference = { channelId: 'directline', conversation: { id: 'fanout-1', isGroup: false, conversationType: 'personal', name: '' } };
  const { handoffCase } = await first!.runtime.handoff.request(reference, { locale: 'en', reason: 'asked' }, {
    language: 'en', reason: 'asked', urgent: false, intentsSeen: [], topicsAnswered: [], verified: false, missesInARow: 0,
  });
  let received = '';
  const deadline = Date.now() + 5000;
  while (!received.includes(handoffCase.id) && Date.now() < deadline) received += (await reader.read()).value ?? '';
  expect(received).toContain(`"caseId":"${handoffCase.id}"`);
  controller.abort();
  expect((await agent.queue()).map((c) => c.id)).toContain(handoffCase.id);
});
