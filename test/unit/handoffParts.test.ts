import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { AgentAccounts, AgentAccountsError, parseAgentAccounts } from '../../src/handoff/agentAccounts';
import { agentOpenApi } from '../../src/handoff/agentOpenApi';
import { DutyHours, HoursError } from '../../src/handoff/hours';
import { hashPassword, verifyPassword } from '../../src/handoff/passwordHash';
import { SignInThrottle } from '../../src/handoff/signInThrottle';
import { TranscriptRecorder } from '../../src/handoff/transcriptRecorder';
import { spawnNpmScript } from '../support/npmScript';

describe('duty hours', () => {
  // 2026-12-07 is a Monday.
  const at = (iso: string) => Date.parse(iso);

  it('are on duty inside a window, in the configured time zone, and off outside it', () => {
    const hours = DutyHours.parse('Mon-Fri 09:00-18:00, Sat 10:00-12:00', 'Asia/Shanghai');
    expect(hours.onDuty(at('2026-12-07T01:00:00Z'))).toBe(true); // Mon 09:00 in Shanghai
    expect(hours.onDuty(at('2026-12-07T00:59:00Z'))).toBe(false); // Mon 08:59
    expect(hours.onDuty(at('2026-12-07T10:00:00Z'))).toBe(false); // Mon 18:00, the end is exclusive
    expect(hours.onDuty(at('2026-12-12T03:00:00Z'))).toBe(true); // Sat 11:00
    expect(hours.onDuty(at('2026-12-13T03:00:00Z'))).toBe(false); // Sun 11:00
  });

  it('take day ranges that wrap past Sunday, and mean always when unset', () => {
    const hours = DutyHours.parse('Fri-Mon 00:00-24:00', 'UTC');
    expect(hours.onDuty(at('2026-12-13T12:00:00Z'))).toBe(true); // Sun
    expect(hours.onDuty(at('2026-12-09T12:00:00Z'))).toBe(false); // Wed
    expect(DutyHours.parse(undefined, 'UTC').onDuty(at('2026-12-09T03:00:00Z'))).toBe(true);
  });

  it('refuse a window they cannot read, with the part at fault', () => {
    expect(() => DutyHours.parse('weekdays 9-5', 'UTC')).toThrow(HoursError);
    expect(() => DutyHours.parse('Mon 18:00-09:00', 'UTC')).toThrow(/18:00-09:00/);
    expect(() => DutyHours.parse('Mon 09:00-18:00', 'Mars/Olympus')).toThrow(/time zone/);
  });
});

describe('agent accounts', () => {
  it('verify the password behind a hash from agent:hash, and nothing else', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain('correct');
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct hors', hash)).toBe(false);
    const accounts = await AgentAccounts.load(`lee:agent+lead:${hash}`, true);
    expect((await accounts.verify('lee', 'correct horse'))?.roles).toEqual(['agent', 'lead']);
    expect(await accounts.verify('nobody', 'correct horse')).toBeUndefined();
  });

  it('give development the demo account with both roles, and production none', async () => {
    const dev = await AgentAccounts.load(undefined, false);
    expect((await dev.verify('demo', 'demo'))?.roles).toEqual(['agent', 'lead']);
    const prod = await AgentAccounts.load(undefined, true);
    expect(prod.usernames).toEqual([]);
    expect(await prod.verify('demo', 'demo')).toBeUndefined();
  });

  it('refuse a plain password, an unknown role or a name given twice', async () => {
    const hash = await hashPassword('another one');
    expect(() => parseAgentAccounts('amy:agent:hunter2')).toThrow(AgentAccountsError);
    expect(() => parseAgentAccounts(`amy:boss:${hash}`)).toThrow(/amy/);
    expect(() => parseAgentAccounts(`amy:agent:${hash};amy:lead:${hash}`)).toThrow(/twice/);
  });
});

it('the OpenAPI document describes every route of the agent API', () => {
  expect(Object.keys(agentOpenApi.paths)).toEqual(
    expect.arrayContaining(['/login', '/queue', '/conversations/{id}', '/conversations/{id}/claim', '/conversations/{id}/messages', '/conversations/{id}/release', '/conversations/{id}/close']),
  );
  expect(agentOpenApi.paths['/login'].post.requestBody.content['application/json'].schema).toMatchObject({ required: ['username', 'password'] });
});

it('npm run agent:hash turns a password read from stdin into a hash AGENT_ACCOUNTS accepts', async () => {
  const child = spawnNpmScript('agent:hash', {}, ['pipe', 'pipe', 'pipe']);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stdin!.end('a long enough password\n');
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code).toBe(0);
  const hash = out.trim();
  expect(await verifyPassword('a long enough password', hash)).toBe(true);
  expect(parseAgentAccounts(`kim:agent:${hash}`)[0]?.username).toBe('kim');
}, 30_000);

it('sign-in throttling counts failures only, and lets the address try again after the window', () => {
  let clock = 0;
  const throttle = new SignInThrottle(3, 60_000, () => clock);
  for (let i = 0; i < 3; i++) {
    expect(throttle.wait('10.0.0.1')).toBe(0);
    throttle.fail('10.0.0.1');
  }
  expect(throttle.wait('10.0.0.1')).toBe(60);
  expect(throttle.wait('10.0.0.2')).toBe(0);
  clock += 60_000;
  expect(throttle.wait('10.0.0.1')).toBe(0);
});

describe('transcript recorder', () => {
  const askCode = { type: 'message', text: 'Enter the code we texted you.', channelData: { sensitiveInput: true } };

  async function turn(recorder: TranscriptRecorder, conversationId: string, text: string, reply?: Partial<Activity>): Promise<void> {
    const context = new TurnContext(new TestAdapter(), {
      type: 'message',
      text,
      channelId: 'directline',
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: 'user', name: 'user' },
      recipient: { id: 'bot', name: 'bot' },
    } as Activity);
    await recorder.recordTurn(context);
    if (reply) await context.sendActivity(reply);
    await recorder.endTurn(context);
  }

  it('masks the answer to a code request, and forgets a request nobody answered within the hour', async () => {
    let now = Date.parse('2026-12-07T01:00:00Z');
    const lines: { key: string; text: string }[] = [];
    const recorder = new TranscriptRecorder(
      {
        recordLines: async (key, kept) => void lines.push(...kept.map((line) => ({ key, text: line.text }))),
        openForTurn: async () => undefined,
      },
      () => now,
    );

    await turn(recorder, 'answered', 'close my account', askCode);
    await turn(recorder, 'answered', 'hello again');
    await turn(recorder, 'left', 'close my account', askCode);
    now += 61 * 60_000;
    // Another conversation's request sweeps the one left at its prompt; its late answer is not taken for the code's.
    await turn(recorder, 'later', 'close my account', askCode);
    await turn(recorder, 'left', 'I am back, what now?');

    const userLines = (key: string) => lines.filter((l) => l.key === `directline/${key}` && l.text !== askCode.text && l.text !== 'close my account');
    expect(userLines('answered').map((l) => l.text)).toEqual(['••••••']);
    expect(userLines('left').map((l) => l.text)).toEqual(['I am back, what now?']);
  });
});
