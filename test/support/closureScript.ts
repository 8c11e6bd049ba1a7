import { expect } from 'vitest';
import { maskPhone } from '../../src/observability/logger';
import { fetchLatestCode, type DemoAccountJson } from './sandboxServer';

/** What the bot answered to one message or tap: its text and the titles of its buttons. */
export interface ChatTurn {
  text: string;
  buttons: string[];
}

/** Any client that can type and tap in a conversation with the bot (the Emulator, DirectLineJS). */
export interface ClosureChat {
  say(text: string): Promise<ChatTurn>;
  tap(title: string): Promise<ChatTurn>;
}

/**
 * The Chinese closure from "我要注销账户" to the terms, as a person does it: continue, give the
 * phone number, type the texted code (read off the sandbox outbox at `origin`). Returns the turn
 * showing the terms, and the code that was typed.
 */
export async function verifyForClosureZh(chat: ClosureChat, account: DemoAccountJson, origin: string): Promise<{ terms: ChatTurn; code: string }> {
  let turn = await chat.say('我要注销账户');
  expect(turn.text).toContain('无法恢复');
  expect(turn.buttons).toEqual(['继续', '了解更多', '暂不注销']);

  turn = await chat.tap('继续');
  expect(turn.text).toContain('手机号、邮箱或账户 ID');

  turn = await chat.say(account.phone);
  expect(turn.text).toContain(`验证码已发送到 ${maskPhone(account.phone)}`);
  expect(turn.text).not.toContain(account.phone);

  const code = await fetchLatestCode(origin, account.phone);
  turn = await chat.say(code);
  expect(turn.text).toContain('身份验证成功');
  expect(turn.text).toContain('同意以上注销条款');
  expect(turn.buttons).toEqual(expect.arrayContaining(['同意并提交', '不同意']));
  return { terms: turn, code };
}
