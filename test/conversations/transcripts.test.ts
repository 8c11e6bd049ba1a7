import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BotRuntime } from '../../src/bot/runtime';
import { buttonsOf, Conversation, sourcesOf, textOf } from '../support/conversation';
import { latestCode, latestEmailLink, sentCodes, serveSandbox, wrongCode, type SandboxServer } from '../support/sandboxServer';
import { parseDuration, TestClock } from '../support/testClock';
import { createTestRuntime, tempDataDir } from '../support/testRuntime';
import { loadTranscripts, type Expectation, type Transcript, type WalletExpectation } from './transcriptFormat';

const transcripts = loadTranscripts(path.resolve('test/conversations'));
const dataDirs: { remove(): void }[] = [];
afterAll(() => dataDirs.forEach((d) => d.remove()));

type Replies = Parameters<typeof textOf>[0];

function check(replies: Replies, expected: Expectation, where: string): void {
  const text = textOf(replies);
  for (const s of expected.says) expect(text, `${where}: reply should say "${s}"`).toContain(s);
  for (const s of expected.never) expect(text, `${where}: reply must not say "${s}"`).not.toContain(s);
  if (expected.sources) expect(sourcesOf(replies).slice(0, expected.sources.length), `${where}: sources`).toEqual(expected.sources);
  if (expected.noSources) expect(sourcesOf(replies), `${where}: no sources`).toEqual([]);
  const buttons = buttonsOf(replies);
  for (const b of expected.buttons) expect(buttons, `${where}: buttons`).toContain(b);
  expect(replies.length, `${where}: the bot replied`).toBeGreaterThan(0);
}

/** Standalone occurrences of a secret (so a code inside a longer id or token does not count). */
function mentions(haystack: string, secret: string): boolean {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`, 'i').test(haystack);
}

/** Phone numbers and email addresses the person typed: the bot may show them only masked. */
function typedIdentifiers(text: string): string[] {
  const phones = (text.normalize('NFKC').replace(/(?<=\d)[\s-]+(?=\d)/g, '').match(/1[3-9]\d{9}/g) ?? []);
  const emails = text.match(/[^\s@]+@[^\s@]+\.[a-z]+/gi) ?? [];
  return [...phones, ...emails];
}

/** One bot process of the transcript: runtime, its sandbox wallet on a port, and the conversation. */
interface Session {
  runtime: BotRuntime;
  sandbox: SandboxServer;
  conversation: Conversation;
}

async function openSession(dataDir: string, conversationId: string, transcript: Transcript, clock: TestClock): Promise<Session> {
  const runtime = await createTestRuntime({ dataDir, overrides: { now: clock.now } });
  const sandbox = await serveSandbox(runtime);
  const conversation = new Conversation(runtime, { conversationId, locale: transcript.locale });
  return { runtime, sandbox, conversation };
}

async function closeSession(session: Session): Promise<void> {
  await session.sandbox.close();
  await session.runtime.close();
}

function fill(text: string, runtime: BotRuntime): string {
  return text
    .replaceAll('{code}', () => latestCode(runtime))
    .replaceAll('{spacedCode}', () => latestCode(runtime).replace(/^(\d{3})(\d{3})$/, '$1 $2'))
    .replaceAll('{fullWidthCode}', () => latestCode(runtime).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))))
    .replaceAll('{chineseCode}', () => latestCode(runtime).replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!))
    .replaceAll('{wrongCode}', () => wrongCode(latestCode(runtime)))
    .replace(/\{requestId:(W\d{8})\}/g, (_, account: string) => {
      const latest = runtime.sandbox!.store.listClosureRequests(account, 1)[0];
      if (!latest) throw new Error(`{requestId:${account}}: the account has no closure request`);
      return latest.requestId;
    });
}

function checkWallet(runtime: BotRuntime, expected: WalletExpectation, where: string): void {
  const store = runtime.sandbox!.store;
  if (expected.closureRequests !== undefined) {
    expect(store.countClosureRequests(expected.account), `${where}: closure requests of ${expected.account}`).toBe(expected.closureRequests);
  }
  if (expected.latestStatus) {
    expect(store.listClosureRequests(expected.account, 1)[0]?.status, `${where}: latest request of ${expected.account}`).toBe(
      expected.latestStatus,
    );
  }
}

/** Nothing the bot stored (dialog stacks, conversation state) holds a code or a typed phone/email. */
async function checkStoredState(runtime: BotRuntime, secrets: string[], title: string): Promise<void> {
  const rows = await runtime.database.db.selectFrom('bot_state').select(['key', 'data']).execute();
  for (const row of rows) {
    for (const secret of secrets) expect(mentions(row.data, secret), `${title}: stored state ${row.key} holds "${secret}"`).toBe(false);
  }
}

describe('conversation transcripts (test/conversations/*.yaml)', () => {
  it.each(transcripts.map((t) => [t.file, t.transcript] as const))('%s', async (_file, transcript) => {
    const data = tempDataDir();
    dataDirs.push(data);
    const conversationId = `transcript-${Math.random().toString(36).slice(2)}`;
    const clock = new TestClock();
    const typed = new Set<string>();
    let session = await openSession(data.dir, conversationId, transcript, clock);
    const secrets = () => [...sentCodes(session.runtime), ...typed];
    try {
      for (const [i, step] of transcript.steps.entries()) {
        const where = `${transcript.title}, step ${i + 1}`;
        const { runtime, conversation } = session;
        if ('restart' in step) {
          await closeSession(session);
          session = await openSession(data.dir, conversationId, transcript, clock);
          session.conversation.keepButtonsFrom(conversation);
          continue;
        }
        if ('wait' in step) {
          clock.advance(parseDuration(step.wait));
          continue;
        }
        if ('openEmailLink' in step) {
          // The link names the server that sent it; after a restart the same wallet listens elsewhere.
          const link = new URL(latestEmailLink(runtime, step.openEmailLink));
          const res = await fetch(`${session.sandbox.url}${link.pathname}`);
          if (step.refused) expect(res.status, `${where}: the confirmation link must be refused`).toBeGreaterThanOrEqual(400);
          else expect(res.status, `${where}: opening the confirmation link`).toBe(200);
          continue;
        }
        if ('fault' in step) {
          runtime.sandbox!.faults.inject(step.fault);
          continue;
        }
        if ('wallet' in step) {
          checkWallet(runtime, step.wallet, where);
          continue;
        }
        let replies: Replies;
        if ('user' in step) {
          const text = fill(step.user, runtime);
          for (const id of typedIdentifiers(text)) typed.add(id);
          replies = await conversation.say(text);
        } else if ('tap' in step) {
          replies = step.earlier ? await conversation.tapEarlier(step.tap) : await conversation.tap(step.tap);
        } else if ('doubleTap' in step) {
          replies = await conversation.doubleTap(step.doubleTap);
        } else {
          replies = await conversation.join();
        }
        check(replies, step.bot, where);
        const said = textOf(replies);
        for (const secret of secrets()) expect(mentions(said, secret), `${where}: the bot repeated "${secret}"`).toBe(false);
      }
      await checkStoredState(session.runtime, secrets(), transcript.title);
    } finally {
      await closeSession(session);
    }
  });
});

describe('transcript coverage', () => {
  it('has every closure and status path in both languages: <path>-zh.yaml and <path>-en.yaml', () => {
    const files = new Map(transcripts.map((t) => [t.file, t.transcript]));
    for (const [file, transcript] of files) {
      if (!/^(closure|status)-/.test(file)) continue;
      const match = /^(.+)-(zh|en)\.yaml$/.exec(file);
      expect(match, `${file}: name it <path>-zh.yaml or <path>-en.yaml`).not.toBeNull();
      const [, path, language] = match!;
      expect(files.has(`${path}-${language === 'zh' ? 'en' : 'zh'}.yaml`), `${file} has no twin in the other language`).toBe(true);
      // The channel's locale must agree with the name (a Chinese transcript may leave it to the default).
      expect(transcript.locale ?? 'zh-CN', `${file}: locale`).toMatch(language === 'zh' ? /^zh/ : /^en/);
    }
  });
});
