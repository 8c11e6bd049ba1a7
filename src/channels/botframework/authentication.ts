import { ConfigurationServiceClientCredentialFactory, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Config } from '../../config';
import { TokenEndpointCredentialFactory } from './tokenEndpointCredentials';

/** botbuilder's public Azure endpoints (AuthenticationConstants), for settings that override only some of them. */
const PUBLIC_AZURE = {
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  CallerId: 'urn:botframework:azure',
} as const;

/**
 * The Bot Framework credentials every adapter of this bot uses (the Bot Framework channel and
 * Teams): incoming tokens checked against BOT_OPENID_METADATA_URL when set, outgoing connector
 * calls signed with tokens from BOT_TOKEN_URL when set, botbuilder's public endpoints otherwise.
 */
export function botFrameworkAuthConfig(config: Config): {
  settings: ConfigurationBotFrameworkAuthenticationOptions;
  credentials: ConfigurationServiceClientCredentialFactory;
} {
  const settings = {
    MicrosoftAppId: config.MICROSOFT_APP_ID ?? '',
    MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD ?? '',
    MicrosoftAppType: config.MICROSOFT_APP_TYPE,
    MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID ?? '',
    // Naming one endpoint makes botbuilder take every endpoint from here: the others stay public Azure's.
    ...(config.BOT_OPENID_METADATA_URL ? { ...PUBLIC_AZURE, ToBotFromChannelOpenIdMetadataUrl: config.BOT_OPENID_METADATA_URL, ToBotFromEmulatorOpenIdMetadataUrl: config.BOT_OPENID_METADATA_URL } : {}),
  };
  const credentials =
    config.BOT_TOKEN_URL && config.MICROSOFT_APP_ID
      ? new TokenEndpointCredentialFactory(settings, config.BOT_TOKEN_URL)
      : new ConfigurationServiceClientCredentialFactory(settings);
  return { settings, credentials };
}
