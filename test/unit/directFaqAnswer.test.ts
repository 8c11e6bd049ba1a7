import type { Activity } from 'botbuilder';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MainDialog } from '../../dialogs/mainDialog';
import type { BotRuntime } from '../../src/bot/runtime';
import { teamsReplies } from '../../src/channels/teams/teamsReplies';
import { Conversation } from '../support/conversation';
import { createTestRuntime } from '../support/testRuntime';

/**
 * A knowledge question (or a plain message the bot cannot help with) with no flow running is
 * answered without the dialog stack. The person must
 * not be able to tell: every reply (text, buttons, feedback buttons, sources, the Teams citation)
 * and what the bot remembers afterwards are the same as when the dialog answers it.
 */
const QUESTIONS = [
  '注销后还能恢复吗',
  '那要多久?',
  '注销后还能恢复吗',
  '销户会影响我的征信吗',
  'does closing affect my credit score',
  'how do I do that?',
  '註銷後還能恢復嗎',
  '余额没清空能注销吗',
  '你好',
  '今天天气怎么样',
  // A second miss in a row: the fallback offers a person.
  'who won the football match yesterday',
  'cancel',
  'what happens to my transaction history',
];

let runtime: BotRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** What a client shows of a reply: everything but the ids and times the channel gives it. */
function shown(activity: Partial<Activity>): Partial<Activity> {
  const { id: _id, timestamp: _t, localTimestamp: _l, conversation: _c, replyToId: _r, ...rest } = activity;
  return rest;
}

/** The conversation's remembered data, without the dialog stack and eTag (storage bookkeeping). */
async function remembered(channelId: string, conversationId: string): Promise<unknown> {
  const key = `${channelId}/conversations/${conversationId}/`;
  const { DialogState: _d, eTag: _e, ...rest } = ((await runtime.storage.read([key]))[key] ?? {}) as Record<string, unknown>;
  return rest;
}

async function transcript(channelId: string, conversationId: string): Promise<{ replies: Partial<Activity>[][]; state: unknown[] }> {
  const conversation = new Conversation(runtime, { conversationId, channelId, locale: 'zh-CN' });
  if (channelId === 'msteams') {
    conversation.adapter.use(async (context, next) => {
      context.onSendActivities(teamsReplies(runtime.knowledge));
      await next();
    });
  }
  const replies: Partial<Activity>[][] = [];
  const state: unknown[] = [];
  for (const question of QUESTIONS) {
    replies.push((await conversation.say(question)).map(shown));
    state.push(await remembered(channelId, conversationId));
  }
  return { replies, state };
}

describe.each(['directline', 'msteams'])('a knowledge question with no flow running, on %s', (channelId) => {
  it('gets exactly the reply and leaves exactly the state the dialog would', async () => {
    const direct = vi.spyOn(MainDialog.prototype, 'answerDirectly');
    const fast = await transcript(channelId, `fast-${channelId}`);
    const answeredDirectly = await Promise.all(direct.mock.results.map((r) => r.value as Promise<boolean>));
    expect(answeredDirectly.filter(Boolean).length).toBeGreaterThanOrEqual(6);
    expect(answeredDirectly).toContain(false);

    vi.spyOn(MainDialog.prototype, 'answerDirectly').mockResolvedValue(false);
    const dialog = await transcript(channelId, `dialog-${channelId}`);

    expect(fast.replies).toEqual(dialog.replies);
    expect(fast.state).toEqual(dialog.state);
    // What is compared is worth comparing: answers with feedback buttons and sources (and citations on Teams).
    const first = fast.replies[0]![0]!;
    expect(first.suggestedActions?.actions.map((a) => a.title)).toEqual(expect.arrayContaining(['👍 有帮助', '👎 没帮助']));
    expect((first.channelData as { sources?: unknown[] }).sources?.length).toBeGreaterThan(0);
    if (channelId === 'msteams') expect(JSON.stringify(first.entities)).toContain('citation');
    const secondMiss = fast.replies[QUESTIONS.indexOf('who won the football match yesterday')]![0]!;
    expect(JSON.stringify(secondMiss)).toContain('Talk to an agent');
  });
});
