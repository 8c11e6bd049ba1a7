import express from 'express';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { z } from 'zod';
import type { BotRuntime } from '../../bot/runtime';
import { createTeamsChannel, TEAMS_CHANNEL_ID } from '../teams/teamsChannel';
import { botFrameworkAuthConfig } from './authentication';

/** What botbuilder needs of an incoming activity to run a turn and reply; the rest passes through. */
const incomingActivitySchema = z.looseObject({
  type: z.string().min(1),
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
  from: z.looseObject({ id: z.string().min(1) }),
});

/**
 * The Bot Framework channel: Azure Bot Service, Teams and the Emulator POST activities to
 * /api/messages. With no MICROSOFT_APP_ID, botbuilder turns authentication off (Emulator mode).
 */
export function createCloudAdapter(runtime: Pick<BotRuntime, 'config' | 'bot'>): CloudAdapter {
  const { settings, credentials } = botFrameworkAuthConfig(runtime.config);
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings, credentials));
  adapter.onTurnError = (context, error) => runtime.bot.handleTurnError(context, error);
  return adapter;
}

export function mountBotFrameworkChannel(app: express.Express, runtime: BotRuntime): CloudAdapter {
  const adapter = createCloudAdapter(runtime);
  const teams = createTeamsChannel(runtime);
  app.post('/api/messages', express.json({ limit: '256kb' }), async (req, res) => {
    const parsed = incomingActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      res.status(400).json({ error: { status: 400, message: `Not a Bot Framework activity: ${message}` } });
      return;
    }
    // Teams through its Application (cards, citations, mentions); every other channel straight to the bot.
    if (parsed.data.channelId === TEAMS_CHANNEL_ID) await teams.adapter.process(req, res, teams.run);
    else await adapter.process(req, res, (context) => runtime.bot.run(context));
  });
  return adapter;
}
