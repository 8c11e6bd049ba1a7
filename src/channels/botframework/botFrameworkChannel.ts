import express from 'express';
import {
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  createBotFrameworkAuthenticationFromConfiguration,
} from 'botbuilder';
import type { BotRuntime } from '../../bot/runtime';

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
    await adapter.process(req, res, (context) => runtime.bot.run(context));
  });
  return adapter;
}
