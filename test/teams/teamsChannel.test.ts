import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { adaptiveCardOf, cardText } from '../support/adaptiveCards';
import { fetchDemoAccounts, fetchLatestCode, fetchLatestEmail } from '../support/sandboxServer';
import { startTeamsConnector, type ConnectorCall, type TeamsConnector } from '../support/teamsConnector';
import { teamsClient } from '../support/teamsActivities';

const APP = { appId: '6c1b7a8e-3f2d-4e5a-9b0c-1d2e3f4a5b6c', password: 'stand-in-password' };

interface Citation {
  position: number;
  appearance: { name: string; abstract: string };
}

/** One Bot Framework stand-in and one bot for the whole file; each block's person is a Teams user of their own. */
let connector: TeamsConnector;
let server: TestServer;

beforeAll(async () => {
  connector = await startTeamsConnector(APP);
  server = await startTestServer(connector.env());
});

afterAll(async () => {
  await server.close();
  await connector.close();
});

const newTeamsUser = () => teamsClient(connector, { appId: APP.appId, botName: 'im Wallet Support', botUrl: server.url });

describe('Teams through the Teams AI Application, against a local Bot Framework stand-in', () => {
  let teams: ReturnType<typeof teamsClient>;

  beforeAll(() => {
    teams = newTeamsUser();
  });

  const callsSince = (n: number) => connector.calls.slice(n);

  it('answers a personal-chat question in the thread, with its sources as Teams citations', async () => {
    const before = connector.calls.length;
    const question = teams.personalMessage('If I close my account, can I get it back later?');
    const res = await teams.post(question);
    expect(res.status).toBe(200);
    const [answer, ...rest] = callsSince(before);
    expect(rest).toHaveLength(0);
    expect(answer!.method).toBe('POST');
    expect(answer!.conversationId).toBe(teams.personal.id);
    expect(answer!.activityId).toBe(question.id);
    expect(answer!.authorization).toMatch(/^Bearer connector-/);
    const sources = (answer!.activity.channelData as { sources: { id: string; title: string }[] }).sources;
    expect(sources.map((s) => s.id)).toContain('recovery-after-closure');
    const entity = answer!.activity.entities?.find((e) => (e as { '@type'?: string })['@type'] === 'Message') as
      | { citation: Citation[]; '@context': string }
      | undefined;
    expect(entity?.['@context']).toBe('https://schema.org');
    expect(entity!.citation.map((c) => c.appearance.name)).toEqual(sources.map((s) => s.title));
    for (const c of entity!.citation) {
      expect(answer!.activity.text).toContain(`[${c.position}]`);
      expect(c.appearance.abstract.length).toBeGreaterThan(10);
      expect(c.appearance.abstract.length).toBeLessThanOrEqual(160);
    }
    // Personal chat shows suggested actions: the buttons stay as they are.
    expect(answer!.activity.suggestedActions?.actions.length).toBeGreaterThan(0);
  });

  it('in a channel, strips the @mention before understanding and replies in the thread with buttons on a card', async () => {
    const before = connector.calls.length;
    const question = teams.channelMention('does closing my account affect my credit score?');
    expect((await teams.post(question)).status).toBe(200);
    const [answer] = callsSince(before);
    expect(answer!.conversationId).toBe(teams.teamChannel.id);
    expect(answer!.activityId).toBe(question.id);
    const sources = (answer!.activity.channelData as { sources: { id: string }[] }).sources;
    expect(sources[0]!.id).toBe('credit-impact');
    expect(answer!.activity.text).not.toContain('<at>');
    expect(answer!.activity.suggestedActions).toBeUndefined();
    expect(answer!.activity.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.hero');
  });

  it('"@bot hello" in a channel is a greeting: the mention is not part of what is understood', async () => {
    const before = connector.calls.length;
    const greeting = teams.channelMention('hello');
    await teams.post(greeting);
    const [welcome] = callsSince(before);
    expect(welcome!.activity.text).toMatch(/support assistant/);
  });

  it('welcomes once when installed, and when a person joins; the bot joining is not a second welcome', async () => {
    const before = connector.calls.length;
    await teams.post(teams.installed());
    await teams.post(teams.membersAdded([teams.bot]));
    const installWelcome = callsSince(before);
    expect(installWelcome).toHaveLength(1);
    expect(installWelcome[0]!.activity.text).toMatch(/support assistant/);
    await teams.post(teams.membersAdded([{ id: '29:1newcolleague', name: 'New Colleague' }]));
    expect(callsSince(before)).toHaveLength(2);
  });

  it('a card button tapped after its step ended answers the invoke with a message and changes nothing', async () => {
    const before = connector.calls.length;
    const res = await teams.post(teams.cardAction(teams.personal, 'posted-1', 'choice', { action: 'choice', choice: 'agree' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String((res.body as { value: string }).value)).toMatch(/already finished/);
    expect(callsSince(before).filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it('never asks for account details or a code in a channel: it moves the step to personal chat', async () => {
    const before = connector.calls.length;
    await teams.post(teams.channelMention('I want to close my account'));
    await teams.post(teams.channelMention('continue'));
    const said = callsSince(before).map((c) => c.activity.text ?? '').join('\n');
    expect(said).toContain('only in a personal chat');
    expect(said).toContain(`https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(teams.bot.id)}`);
    expect(said).not.toMatch(/phone number, email or account ID|6-digit code/);
    // The flow is over in the channel: a phone number typed there starts nothing.
    const after = connector.calls.length;
    await teams.post(teams.channelMention('13812345678'));
    expect(callsSince(after).map((c) => c.activity.text ?? '').join('\n')).not.toMatch(/texted a code/);
  });

  it('refuses a request without a valid channel token with 401, and nothing is sent', async () => {
    const before = connector.calls.length;
    const forged = `Bearer ${(await connector.channelToken()).slice(0, -6)}abcdef`;
    for (const authorization of [null, 'Bearer nonsense', forged]) {
      const res = await teams.post(teams.personalMessage('close my account'), authorization);
      expect(res.status, String(authorization)).toBe(401);
    }
    expect(callsSince(before)).toHaveLength(0);
  });
});

describe('the closure on Teams: terms as an Adaptive Card, filed once on Accept, the card replaced in place', () => {
  let teams: ReturnType<typeof teamsClient>;

  beforeAll(() => {
    teams = newTeamsUser();
  });

  /** Sends a personal-chat message and returns what the bot posted for it. */
  const say = async (text: string) => {
    const before = connector.calls.length;
    const res = await teams.post(teams.personalMessage(text));
    expect(res.status).toBe(200);
    return connector.calls.slice(before);
  };
  const cardOf = (call: ConnectorCall | undefined) => adaptiveCardOf(call?.activity);

  it('verifies, shows the terms card, files once on Accept and updates the card for everyone', async () => {
    const account = (await fetchDemoAccounts(server.url)).find((a) => a.scenario === 'closable');
    if (!account) throw new Error('no closable demo account');
    await say('I want to close my account');
    await say('continue');
    await say(account.phone);
    const afterCode = await say(await fetchLatestCode(server.url, account.phone));

    const termsCall = afterCode.find((c) => cardOf(c));
    const terms = cardOf(termsCall)!;
    expect(JSON.stringify(terms.body)).toMatch(/Before you close your account/);
    const accept = terms.actions!.find((a) => (a.data as { choice?: string }).choice === 'agree')!;
    expect(accept.type).toBe('Action.Execute');
    const termsActivityId = `posted-${connector.calls.indexOf(termsCall!) + 1}`;

    const before = connector.calls.length;
    const tap = teams.cardAction(teams.personal, termsActivityId, accept.verb!, accept.data as Record<string, unknown>);
    const res = await teams.post(tap);
    expect(res.status).toBe(200);
    const invoke = res.body as { statusCode: number; type: string; value: { body: unknown[] } };
    expect(invoke).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const filedText = JSON.stringify(invoke.value.body);
    const requestId = /"Request ID","value":"([^"]+)"/.exec(filedText)?.[1];
    expect(requestId).toBeTruthy();

    const updates = connector.calls.slice(before).filter((c) => c.method === 'PUT');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.activityId).toBe(termsActivityId);
    expect(JSON.stringify(cardOf(updates[0])!.body)).toContain(requestId!);
    // The filed card is the only place "filed" is said: no second message says it.
    expect(connector.calls.slice(before).filter((c) => c.method === 'POST' && /filed/i.test(c.activity.text ?? ''))).toHaveLength(0);

    // A second tap (another device, a slow client) files nothing and shows "filed" nowhere again.
    const again = connector.calls.length;
    const second = await teams.post({ ...tap, id: `${tap.id}2` });
    expect(second.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message' });
    expect(JSON.stringify(second.body)).not.toContain(requestId!);
    expect(connector.calls.slice(again).filter((c) => c.method === 'PUT')).toHaveLength(0);
    expect(connector.calls.slice(again).some((c) => JSON.stringify(c.activity).includes(requestId!))).toBe(false);

    // Asked before the link is opened, the status is a card too: check again, or cancel while it waits.
    const pending = cardOf((await say('status of my closure')).find((c) => cardOf(c)));
    expect(cardText(pending!)).toContain('Status: waiting for email confirmation');
    expect(pending!.actions!.map((a) => a.title)).toEqual(['Check again', 'Cancel the request', 'Keep it']);

    // Opening the email link: the bot posts, unprompted, into the same personal chat (a new message, not a reply).
    const beforeLink = connector.calls.length;
    expect((await fetch((await fetchLatestEmail(server.url, account.email)).link!)).status).toBe(200);
    const noticesPosted = async () => connector.calls.slice(beforeLink).filter((c) => c.method === 'POST' && cardOf(c));
    await expect.poll(async () => (await noticesPosted()).length, { timeout: 15_000 }).toBe(2);
    const [processing, closed] = await noticesPosted();
    expect(cardText(cardOf(processing)!)).toContain(`You confirmed closure request ${requestId} by email`);
    expect(closed!.conversationId).toBe(teams.personal.id);
    expect(closed!.activityId).toBeUndefined();
    expect(closed!.authorization).toMatch(/^Bearer connector-/);
    expect(cardText(cardOf(closed)!)).toContain(`Your im Wallet account is now closed (request ${requestId})`);
    const checkAgain = cardOf(closed)!.actions!.find((a) => a.title === 'Check again')!;
    expect(checkAgain).toMatchObject({ type: 'Action.Execute', verb: 'intent' });

    // "Check again" on the notice: the status lookup (the verification is still valid) answers with the status card in its place.
    const closedActivityId = `posted-${connector.calls.indexOf(closed!) + 1}`;
    const look = await teams.post(teams.cardAction(teams.personal, closedActivityId, checkAgain.verb!, checkAgain.data as Record<string, unknown>));
    const status = look.body as { type: string; value: { body: unknown[] } };
    expect(status.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(status.value as never)).toContain('Status: completed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connector.calls.slice(beforeLink).filter((c) => c.method === 'POST' && /closed \(request/.test(JSON.stringify(c.activity)))).toHaveLength(1);
  });

  it('shows blockers as a card, each with what to do, and "check again" as a card action', async () => {
    const account = (await fetchDemoAccounts(server.url)).find((a) => a.scenario === 'balance-left');
    if (!account) throw new Error('no demo account with a balance');
    const other = newTeamsUser();
    const send = async (text: string) => {
      const before = connector.calls.length;
      await other.post(other.personalMessage(text));
      return connector.calls.slice(before);
    };
    await send('I want to close my account');
    await send('continue');
    await send(account.phone);
    const afterCode = await send(await fetchLatestCode(server.url, account.phone));
    const card = cardOf(afterCode.find((c) => cardOf(c)));
    const body = JSON.stringify(card?.body);
    expect(body).toMatch(/can't be closed yet/);
    expect(body).toMatch(/What to do: /);
    expect(card!.actions!.find((a) => (a.data as { choice?: string }).choice === 'checkAgain')).toMatchObject({ type: 'Action.Execute', verb: 'choice' });
  });
});
