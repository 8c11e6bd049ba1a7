import type { Activity, ConfigurationBotFrameworkAuthentication, InvokeResponse, TurnContext } from 'botbuilder';
import { TeamsAdapter, type Application, type TurnState } from '@microsoft/teams-ai';
import type { BotRuntime } from '../../bot/runtime';
import { botFrameworkAuthConfig } from '../botframework/authentication';
import { keepEntityProperties } from './entitySerialization';
import { createTeamsApp } from './teamsApp';

/** The channelId Teams activities carry. */
export const TEAMS_CHANNEL_ID = 'msteams';

type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** Teams AI's adapter, able to run a turn on a request /api/messages has already authenticated. */
export class TeamsChannelAdapter extends TeamsAdapter {
  runAuthenticated(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

export interface TeamsChannel {
  adapter: TeamsChannelAdapter;
  app: Application<TurnState>;
  /** Runs one Teams turn through the Application. */
  run(context: TurnContext): Promise<void>;
}

/** The Teams Application on its TeamsAdapter, with the same credentials as the Bot Framework channel. */
export function createTeamsChannel(runtime: Pick<BotRuntime, 'config' | 'bot' | 'knowledge'>): TeamsChannel {
  keepEntityProperties();
  const { settings, credentials } = botFrameworkAuthConfig(runtime.config);
  const adapter = new TeamsChannelAdapter(settings, credentials);
  adapter.onTurnError = (context, error) => runtime.bot.handleTurnError(context, error);
  const app = createTeamsApp({ adapter, bot: runtime.bot, knowledge: runtime.knowledge, botAppId: runtime.config.MICROSOFT_APP_ID ?? '' });
  return {
    adapter,
    app,
    run: async (context) => {
      await app.run(context);
    },
  };
}
