import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { startTeamsConnector, type TeamsConnector } from '../support/teamsConnector';
import { teamsClient } from '../support/teamsActivities';

const APP = { appId: '6c1b7a8e-3f2d-4e5a-9b0c-1d2e3f4a5b6c', password: 'stand-in-password' };

interface Citation {
  position: number;
  appearance: { name: string; abstract: string };
}

describe('Teams through the Teams AI Application, against a local Bot Framework stand-in', () => {
  let connector: TeamsConnector;
  let server: TestServer;
  let teams: ReturnType<typeof teamsClient>;

  beforeAll(async () => {
    connector = await startTeamsConnector(APP);
    server = await startTestServer(connector.env());
    teams = teamsClient(connector, { appId: APP.appId, botName: 'im Wallet Support', botUrl: server.url });
  });

  afterAll(async () => {
    await server.close();
    await connector.close();
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

  it('a mention alone is not understood as the bot name: the bot name is never searched', async () => {
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
