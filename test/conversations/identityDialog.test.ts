import { ActivityTypes, ConversationState, MemoryStorage, type Activity } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityDialog, type IdentityOptions } from '../../dialogs/closure/identityDialog';
import { findAccountRef, findCode } from '../../dialogs/closure/identityInput';
import { VerificationStore, type StoredVerification } from '../../dialogs/closure/verificationStore';
import type { Locale } from '../../src/knowledge/topicSchema';
import { wrongCode } from '../support/sandboxServer';
import { startTestWallet, type TestWallet } from '../support/walletTestServer';

/**
 * The identity check on its own (botbuilder-testing's DialogTestClient) against the sandbox wallet
 * over HTTP: which inputs it accepts, what it answers, and that no code survives in stored state.
 */

let wallet: TestWallet;
beforeAll(async () => {
  wallet = await startTestWallet();
});
afterAll(async () => {
  await wallet.close();
});

function identityClient(locale: Locale = 'zh-CN') {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const verification = new VerificationStore(conversationState.createProperty<StoredVerification>('walletVerification'), Date.now);
  const dialog = new IdentityDialog({ wallet: wallet.client(), verification, now: Date.now });
  const client = new DialogTestClient('test', dialog, { locale } satisfies IdentityOptions, [], conversationState);
  return { client, storage };
}

/** Everything the bot says in answer to one message (typing indicators left out). */
async function say(client: DialogTestClient, text: string): Promise<string> {
  const replies: Partial<Activity>[] = [await client.sendActivity(text)];
  for (let next = client.getNextReply(); next; next = client.getNextReply()) replies.push(next);
  return replies
    .filter((r) => r?.type === ActivityTypes.Message)
    .map((r) => r.text ?? '')
    .join('\n');
}

/** Everything MemoryStorage holds, as the JSON it would write. */
function stored(storage: MemoryStorage): string {
  return JSON.stringify((storage as unknown as { memory: Record<string, string> }).memory);
}

const outboxSize = () => wallet.sandbox.store.listOutbox().length;

describe('identity dialog: the account reference', () => {
  it.each([
    ['13800000001', '138******01'],
    ['+86 138 0000 0002', '138******02'],
    ['我的手机号是138-0000-0003。', '138******03'],
    ['１３８０００００００４', '138******04'],
    ['demo5@example.com', '138******05'],
    ['Demo6@Example.COM', '138******06'],
    ['w10000007', '138******07'],
    ['我的账户是 W10000008', '138******08'],
  ])('%s: a code goes to %s and only the masked number is shown', async (input, masked) => {
    const { client } = identityClient();
    expect(await say(client, 'start')).toContain('手机号、邮箱或账户 ID');
    const answer = await say(client, input);
    expect(answer).toContain(`验证码已发送到 ${masked}`);
    expect(answer).not.toMatch(/1380000000\d/);
    expect(answer).not.toMatch(/demo\d@/i);
  });

  it.each(['12345', 'hello', '1380000000', '23800000001', '12800000001', 'W1234567', 'demo1@', '@example.com', '我忘了'])(
    '%s is not a phone number, email or account id: asks again with an example, the wallet is not called',
    async (input) => {
      const { client } = identityClient();
      await say(client, 'start');
      const before = outboxSize();
      const answer = await say(client, input);
      expect(answer).toContain('例如 13812345678、name@example.com 或 W12345678');
      expect(outboxSize()).toBe(before);
    },
  );

  it.each(['13900000000', 'nobody@example.com', 'W99999999'])('%s has no account: says so and asks again', async (input) => {
    const { client } = identityClient();
    await say(client, 'start');
    expect(await say(client, input)).toContain('没有找到对应的账户');
    expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.waiting);
  });

  it('speaks English when the flow does', async () => {
    const { client } = identityClient('en');
    expect(await say(client, 'start')).toContain('phone number, email or account ID');
    expect(await say(client, 'nope')).toContain("doesn't look like a phone number");
  });
});

describe('identity dialog: the code', () => {
  const spaced = (c: string) => `${c.slice(0, 3)} ${c.slice(3)}`;
  const fullWidth = (c: string) => c.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  it.each([
    ['as sent', (c: string) => c],
    ['with a space', spaced],
    ['in full-width digits', fullWidth],
    ['inside a sentence', (c: string) => `验证码是：${c}`],
  ])('%s verifies, and the code is nowhere in stored state', async (_name, typed) => {
    const { client, storage } = identityClient();
    await say(client, 'start');
    await say(client, '13800000009');
    const code = await wallet.latestCode('13800000009');
    const answer = await say(client, typed(code));
    expect(answer).toContain('身份验证成功');
    expect(client.dialogTurnResult).toMatchObject({ status: DialogTurnStatus.complete, result: { status: 'verified' } });
    const state = stored(storage);
    expect(state).toContain('sealedToken');
    expect(state).toContain('138******09');
    expect(state).not.toContain(code);
    expect(state).not.toContain('13800000009');
  });

  it.each([
    ['12345', '6 位数字'],
    ['1234567', '6 位数字'],
    ['我没看到', '6 位数字'],
  ])('%s is not a code: explains the format without spending an attempt', async (input, says) => {
    const { client } = identityClient();
    await say(client, 'start');
    await say(client, '13800000010');
    expect(await say(client, input)).toContain(says);
    const code = await wallet.latestCode('13800000010');
    expect(await say(client, code)).toContain('身份验证成功');
  });

  it('a wrong code says how many tries remain and is not stored either', async () => {
    const { client, storage } = identityClient('en');
    await say(client, 'start');
    await say(client, 'demo1@example.com');
    const code = await wallet.latestCode('13800000001');
    const wrong = wrongCode(code);
    expect(await say(client, wrong)).toContain('You have 2 tries left');
    expect(stored(storage)).not.toContain(wrong);
    expect(await say(client, code)).toContain('Identity verified');
  });
});

describe('identity dialog: input parsing', () => {
  it.each([
    ['13800000001', '13800000001'],
    ['+8613800000001', '13800000001'],
    ['86 138 0000 0001', '13800000001'],
    ['ＤＥＭＯ１＠ＥＸＡＭＰＬＥ．ＣＯＭ', 'demo1@example.com'],
    ['mail: demo1@example.com.', 'demo1@example.com'],
    ['W10000001', 'W10000001'],
    ['12345678901', undefined],
    ['W100000011', undefined],
    ['', undefined],
  ])('findAccountRef(%j) = %j', (input, expected) => {
    expect(findAccountRef(input)).toBe(expected);
  });

  it.each([
    ['123456', '123456'],
    [' 123 456 ', '123456'],
    ['123-456', '123456'],
    ['１２３４５６', '123456'],
    ['code 123456 please', '123456'],
    ['12345', undefined],
    ['123456 654321', undefined],
    ['1234567', undefined],
  ])('findCode(%j) = %j', (input, expected) => {
    expect(findCode(input)).toBe(expected);
  });
});
