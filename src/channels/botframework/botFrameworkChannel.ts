import express from 'express';
import {
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  createBotFrameworkAuthenticationFromConfiguration,
} from 'botbuilder';
import { z } from 'zod';
import type { BotRuntime } from '../../bot/runtime';

/** What botbuilder needs of an incoming activity to run a turn and reply; the rest passes through. */
const incomingActivitySchema = z.looseObject({
  type: z.string().min(1),
  // WeChat conversations are keyed by channel `wechat`; only signed pushes to /wechat may address them.
  channelId: z.string().min(1).refine((id) => id !== 'wechat', 'channel "wechat" is served at /wechat only'),
  serviceUrl: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
  from: z.looseObject({ id: z.string().min(1) }),
});

/**
 * The Bot Framework channel: Azure Bot Service, Teams and the Emulator POST activities to
 * /api/messages. With no MICROSOFT_APP_ID, botbuilder turns authentication off (Emulator mode).
 */
export function createCloudAdapter(runtime: Pick<BotRuntime, 'config' | 'bot'>): CloudAdapter {
  const { config } = runtime;
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: config.MICROSOFT_APP_ID ?? '',
    MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD ?? '',
    MicrosoftAppType: config.MICROSOFT_APP_TYPE,
    MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID ?? '',
  });
  const adapter = new CloudAdapter(createBotFrameworkAuthenticationFromConfiguration(null, credentials));
  adapter.onTurnError = (context, error) => runtime.bot.handleTurnError(context, error);
  return adapter;
}

export function mountBotFrameworkChannel(app: express.Express, runtime: BotRuntime): CloudAdapter {
  const adapter = createCloudAdapter(runtime);
  app.post('/api/messages', express.json({ limit: '256kb' }), async (req, res) => {
    const parsed = incomingActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      res.status(400).json({ error: { status: 400, message: `Not a Bot Framework activity: ${message}` } });
      return;
    }
    await adapter.process(req, res, (context) => runtime.bot.run(context));
  });
  return adapter;
}
