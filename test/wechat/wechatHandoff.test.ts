import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../support/agentApi';
import { startWeChatTestBed, type WeChatTestBed } from './wechatHarness';

/** The hand-off over WeChat: an agent's replies reach the follower through the customer-service API. */
let bed: WeChatTestBed;

beforeAll(async () => {
  bed = await startWeChatTestBed();
});

afterAll(async () => {
  await bed.close();
});

describe('hand-off over WeChat', () => {
  it('queues the follower, and what the agent writes arrives through the customer-service API', async () => {
    const openid = 'o-handoff-follower-1';
    const asked = await bed.sim.push({ openid, text: '我要找人工客服' });
    expect(asked.kind).toBe('text');
    expect(asked.content).toMatch(/\n1\. /);

    const agent = new AgentClient(bed.app.url);
    expect(await agent.login('demo', 'demo')).toBe(200);
    const item = await agent.waitForCase((c) => c.channel === 'wechat' && c.status === 'waiting');
    expect((await agent.call('POST', `/conversations/${item.id}/claim`)).status).toBe(200);
    const agentSays = '您好，我是客服小王，请问有什么可以帮您？';
    expect((await agent.call('POST', `/conversations/${item.id}/messages`, { text: agentSays })).status).toBe(201);
    const received = await bed.sim.waitForCustomerMessages(openid, 1);
    expect(received.join('\n')).toContain(agentSays);
  });
});

describe('hand-off to WeChat customer service', () => {
  let kf: WeChatTestBed;
  beforeAll(async () => {
    kf = await startWeChatTestBed({ WECHAT_TRANSFER_TO_KF: 'true' });
  });
  afterAll(async () => {
    await kf.close();
  });

  it('answers transfer_customer_service when the follower asks for a person', async () => {
    const answer = await kf.sim.push({ openid: 'o-handoff-follower-2', text: '我要找人工客服', mode: 'safe' });
    expect(answer.kind).toBe('transfer');
  });
});
