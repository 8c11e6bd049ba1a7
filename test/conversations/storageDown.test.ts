import { MemoryStorage, type StoreItems } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotRuntime } from '../../src/bot/runtime';
import { Conversation } from '../support/conversation';
import { serveSandbox, type SandboxServer } from '../support/sandboxServer';
import { createTestRuntime } from '../support/testRuntime';

/** Bot state storage whose database can be made unreachable, failing as node-postgres does then. */
class FlakyStorage extends MemoryStorage {
  down = false;
  private check(): void {
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  }
  override async read(keys: string[]): Promise<StoreItems> {
    this.check();
    return super.read(keys);
  }
  override async write(changes: StoreItems): Promise<void> {
    this.check();
    return super.write(changes);
  }
  override async delete(keys: string[]): Promise<void> {
    this.check();
    return super.delete(keys);
  }
}

const storage = new FlakyStorage();
let runtime: BotRuntime;
let sandbox: SandboxServer;

beforeAll(async () => {
  runtime = await createTestRuntime({ overrides: { storage } });
  sandbox = await serveSandbox(runtime);
});

afterAll(async () => {
  await sandbox.close();
  await runtime.close();
});

describe.each([
  { locale: 'en-US', start: 'close my account', go: 'ok go on', asked: 'phone number, email or account ID', apology: "can't reach my records", kept: 'Everything you\'ve done so far is kept', sent: 'texted a code' },
  { locale: 'zh-CN', start: '我要注销账户', go: '继续', asked: '手机号、邮箱或账户 ID', apology: '暂时连不上记录系统', kept: '进度都还保留着', sent: '验证码已发送到' },
])('the state storage unreachable mid-closure ($locale)', ({ locale, start, go, asked, apology, kept, sent }) => {
  it('apologises honestly, keeps the person where they were, and goes on once it is back', async () => {
    const chat = new Conversation(runtime, { locale });
    await chat.say(start);
    expect((await chat.say(go)).map((a) => a.text).join('\n')).toContain(asked);

    storage.down = true;
    const during = (await chat.say('demo3@example.com')).map((a) => a.text).join('\n');
    expect(during).toContain(apology);
    expect(during).toContain(kept);

    storage.down = false;
    expect((await chat.say('demo3@example.com')).map((a) => a.text).join('\n')).toContain(sent);
  });
});
