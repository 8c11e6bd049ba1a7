import { randomUUID } from 'node:crypto';
import type { TeamsConnector } from './teamsConnector';

/** Teams-shaped activities as the Teams service sends them to a bot, for one tenant, user and bot. */
export function teamsClient(connector: TeamsConnector, options: { appId: string; botName: string; botUrl: string }) {
  const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const user = { id: `29:1${randomUUID().replace(/-/g, '')}`, name: 'Wang Fang', aadObjectId: randomUUID() };
  const bot = { id: `28:${options.appId}`, name: options.botName };
  const personal = { id: `a:1${randomUUID().replace(/-/g, '')}`, conversationType: 'personal', tenantId };
  const channelThread = `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`;
  const rootMessageId = String(Date.now());
  const teamChannel = { id: `${channelThread};messageid=${rootMessageId}`, conversationType: 'channel', isGroup: true, tenantId };

  const base = (conversation: Record<string, unknown>, fields: Record<string, unknown>) => ({
    id: `1${Date.now()}${Math.floor(Math.random() * 1000)}`,
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    from: user,
    recipient: bot,
    conversation,
    channelData: {
      tenant: { id: tenantId },
      ...(conversation === teamChannel ? { teamsChannelId: channelThread, teamsTeamId: channelThread, channel: { id: channelThread }, team: { id: channelThread } } : {}),
    },
    ...fields,
  });

  const post = async (activity: Record<string, unknown>, authorization?: string | null) => {
    const token = authorization === undefined ? `Bearer ${await connector.channelToken()}` : authorization;
    const res = await fetch(`${options.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    const json = res.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as unknown) : undefined;
    return { status: res.status, body: json ?? text };
  };

  return {
    user,
    bot,
    personal,
    teamChannel,
    rootMessageId,
    post,
    /** A message in personal chat. */
    personalMessage: (text: string, locale = 'en-US') => base(personal, { type: 'message', text, textFormat: 'plain', locale }),
    /** A channel message that @mentions the bot, as Teams sends it. */
    channelMention: (text: string, locale = 'en-US') =>
      base(teamChannel, {
        type: 'message',
        text: `<at>${bot.name}</at> ${text}`,
        textFormat: 'plain',
        locale,
        entities: [
          { type: 'mention', mentioned: bot, text: `<at>${bot.name}</at>` },
          { type: 'clientInfo', locale, country: 'US', platform: 'Web' },
        ],
      }),
    /** The app installed in personal chat. */
    installed: () => base(personal, { type: 'installationUpdate', action: 'add', locale: 'en-US' }),
    /** Members joined the channel conversation. */
    membersAdded: (members: { id: string; name?: string }[]) =>
      base(teamChannel, { type: 'conversationUpdate', membersAdded: members, channelData: { tenant: { id: tenantId }, eventType: 'teamMemberAdded', team: { id: channelThread } } }),
    /** An Action.Execute tap on the card the bot posted as `cardActivityId`. */
    cardAction: (conversation: Record<string, unknown>, cardActivityId: string, verb: string, data: Record<string, unknown>) =>
      base(conversation, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: cardActivityId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
  };
}
