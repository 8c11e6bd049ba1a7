import { ActivityTypes, type TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSecondInstance, startWeChatTestBed, type WeChatTestBed } from './wechatHarness';

/** Two instances on one database: WeChat's retry may reach the other one. */
let bed: WeChatTestBed;
let second: Awaited<ReturnType<typeof startSecondInstance>>;

beforeAll(async () => {
  bed = await startWeChatTestBed();
  second = await startSecondInstance(bed);
});

afterAll(async () => {
  await second.close();
  await bed.close();
});

describe('WeChat over several instances', () => {
  it('a retry that reaches another instance is not processed again and gets the same reply', async () => {
    const run = vi.spyOn(bed.app.runtime.bot, 'run');
    const { url, body } = bed.sim.signedPush({ openid: 'o-instances-user-1', text: '注销后还能恢复吗' });
    const first = await (await fetch(url, { method: 'POST', body })).text();
    const retry = await (await fetch(url.replace(bed.app.url, second.url), { method: 'POST', body })).text();
    expect(run).toHaveBeenCalledTimes(1);
    expect(first).toContain('<MsgType><![CDATA[text]]></MsgType>');
    expect(retry).toBe(first);
  });
});

const redisUrl = process.env['REDIS_URL'];
if (!redisUrl) console.warn('wechatInstances.test: REDIS_URL is not set, so the across-instance turn lock test was skipped');

describe.runIf(redisUrl)('WeChat turns over several instances sharing Redis', () => {
  it("runs one user's messages one at a time even when they reach two instances at once", async () => {
    let running = 0;
    let most = 0;
    const slowTurn = async (context: TurnContext) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 150));
      running--;
      await context.sendActivity({ type: ActivityTypes.Message, text: 'ok' });
    };
    vi.spyOn(bed.app.runtime.bot, 'run').mockImplementation(slowTurn);
    vi.spyOn(second.runtime.bot, 'run').mockImplementation(slowTurn);
    try {
      const one = bed.sim.signedPush({ openid: 'o-instances-user-2', text: '第一条' });
      const two = bed.sim.signedPush({ openid: 'o-instances-user-2', text: '第二条' });
      const answers = await Promise.all([
        fetch(one.url, { method: 'POST', body: one.body }),
        fetch(two.url.replace(bed.app.url, second.url), { method: 'POST', body: two.body }),
      ]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect(most).toBe(1);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('WeChat hand-off to its own customer service', () => {
  let kf: WeChatTestBed;
  beforeAll(async () => {
    kf = await startWeChatTestBed({ WECHAT_TRANSFER_TO_KF: 'true' });
  });
  afterAll(async () => {
    await kf.close();
  });

  it('answers transfer_customer_service when the bot starts a hand-off, and sends its words by the customer-service API', async () => {
    // The hand-off flow announces itself with botbuilder's handoff.initiate event; stand in for it here.
    vi.spyOn(kf.app.runtime.bot, 'run').mockImplementation(async (context: TurnContext) => {
      await context.sendActivities([
        { type: ActivityTypes.Message, text: '正在为你转接人工客服。' },
        { type: ActivityTypes.Event, name: 'handoff.initiate', value: { reason: 'asked' } },
      ]);
    });
    const answer = await kf.sim.push({ openid: 'o-transfer-user-1', text: '转人工', mode: 'safe' });
    expect(answer.kind).toBe('transfer');
    expect(await kf.sim.waitForCustomerMessages('o-transfer-user-1', 1)).toEqual(['正在为你转接人工客服。']);
  });

  it('answers as usual when the bot does not hand off', async () => {
    vi.restoreAllMocks();
    const answer = await kf.sim.push({ openid: 'o-transfer-user-2', text: '注销后还能恢复吗' });
    expect(answer.kind).toBe('text');
  });
});
