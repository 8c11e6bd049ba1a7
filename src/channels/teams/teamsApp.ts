import { ActivityTypes, CardFactory, type Activity, type TurnContext } from 'botbuilder';
import { AdaptiveCardActionExecuteResponseType, Application, TeamsAdapter, type AdaptiveCard, type TurnState } from '@microsoft/teams-ai';
import { actionValueSchema, parseActionValue } from '../../../dialogs/actionValues';
import type { WalletBot } from '../../bot/walletBot';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { teamsReplies } from './teamsReplies';

/** The verbs of the bot's `Action.Execute` buttons: the kind of the action value they carry (dialogs/cards). */
export const CARD_VERBS = actionValueSchema.options.map((option) => option.shape.action.value);

export interface TeamsAppDeps {
  adapter: TeamsAdapter;
  bot: WalletBot;
  knowledge: KnowledgeBase;
  botAppId: string;
}

/**
 * The Teams side of the bot: `@microsoft/teams-ai`'s Application routing Teams activities to the
 * same WalletBot and dialogs every channel runs. It only translates: the @mention is removed before
 * recognition, a card's Accept arrives as the same tap a button makes, and replies get citations.
 */
export function createTeamsApp(deps: TeamsAppDeps): Application<TurnState> {
  const { bot } = deps;
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    botAppId: deps.botAppId,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
    // Everyone in a group chat or channel sees the card change, so nobody taps the old Accept.
    adaptiveCards: { actionExecuteResponseType: AdaptiveCardActionExecuteResponseType.REPLACE_FOR_ALL },
  });

  app.turn('beforeTurn', async (context) => {
    context.onSendActivities(teamsReplies(deps.knowledge));
    return true;
  });

  // Installed in a personal chat, group chat or team: the welcome.
  app.activity(ActivityTypes.InstallationUpdate, (context) => bot.run(context));

  // Someone joined a conversation the bot is in (the bot's own arrival is the installation above).
  app.conversationUpdate('membersAdded', (context) => bot.run(context));

  // A message, with the @mention already removed by the Application.
  app.activity(ActivityTypes.Message, (context) => bot.run(context));

  // Accept, Cancel, "check again" and the other buttons of the bot's cards.
  app.adaptiveCards.actionExecute(CARD_VERBS, (context, _state, data) => runCardAction(bot, context, data));

  return app;
}

/**
 * Runs a card's tap as the message turn a button's tap is (activity.value = the action), then
 * answers the invoke: the first card the turn replies with replaces the tapped card in place; with
 * no card, the first plain line said becomes the invoke's message (or, when every line has buttons,
 * a copy of the first). A plain line held for the answer is posted after all when a card follows
 * (the status card after "you're still verified"). Other replies are posted as usual.
 */
async function runCardAction(bot: WalletBot, context: TurnContext, data: unknown): Promise<AdaptiveCard | string> {
  const invoke = context.activity;
  const value = parseActionValue(data);
  let answer: AdaptiveCard | string | undefined;
  let heldLine: Partial<Activity> | undefined;
  let firstPosted: string | undefined;
  context.onSendActivities(async (_context, activities, next) => {
    const rest: Partial<Activity>[] = [];
    for (const activity of activities) {
      if (activity.type === ActivityTypes.Message && (answer === undefined || heldLine)) {
        const card = activity.attachments?.find((a) => a.contentType === CardFactory.contentTypes.adaptiveCard);
        if (card) {
          answer = card.content as AdaptiveCard;
          if (heldLine) rest.push(heldLine);
          heldLine = undefined;
          continue;
        }
        if (answer === undefined && activity.text && !activity.attachments?.length && !activity.suggestedActions?.actions?.length) {
          answer = activity.text;
          heldLine = activity;
          continue;
        }
      }
      if (activity.type === ActivityTypes.Message && activity.text) firstPosted ??= activity.text;
      rest.push(activity);
    }
    activities.splice(0, activities.length, ...rest);
    // The adapter refuses an empty batch: a turn whose only reply became the invoke's answer sends nothing.
    return rest.length > 0 ? next() : [];
  });

  const { type, name } = invoke;
  invoke.type = ActivityTypes.Message;
  invoke.value = value;
  delete invoke.name;
  try {
    await bot.run(context);
  } finally {
    invoke.type = type;
    invoke.name = name;
  }
  return answer ?? firstPosted ?? '';
}
