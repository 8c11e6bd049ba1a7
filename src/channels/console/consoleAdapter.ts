import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type CardAction,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

export interface ConsoleOutput {
  write(line: string): void;
}

/**
 * A terminal channel for trying the bot: replies print as text, buttons print numbered, and typing
 * a button's number sends what tapping it would send.
 */
export class ConsoleAdapter extends BotAdapter {
  private readonly conversationId = `console-${randomUUID()}`;
  private lastActions: CardAction[] = [];

  constructor(
    private readonly output: ConsoleOutput,
    private readonly locale?: string,
  ) {
    super();
  }

  /** Runs one turn for a line the person typed. */
  async receive(line: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const choice = /^\s*(\d+)\s*$/.exec(line);
    const action = choice ? this.lastActions[Number(choice[1]) - 1] : undefined;
    const activity = this.incoming({
      type: ActivityTypes.Message,
      text: action ? String(action.text ?? action.value) : line,
      value: action && action.type === 'messageBack' ? action.value : undefined,
    });
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  /** Opens the conversation the way channels do: the person joins. */
  async join(logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = this.incoming({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user', name: 'You' }],
    });
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const a of activities) {
      if (a.type !== ActivityTypes.Message) continue;
      if (a.text) this.output.write(`\nbot> ${a.text.replace(/\n/g, '\n     ')}`);
      const actions = a.suggestedActions?.actions ?? [];
      if (actions.length > 0) {
        this.lastActions = actions;
        this.output.write(actions.map((act, i) => `     [${i + 1}] ${act.title}`).join('\n'));
      }
    }
    return activities.map(() => ({ id: randomUUID() }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('The console channel cannot edit sent messages.');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('The console channel cannot delete sent messages.');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity as Activity), logic);
  }

  private incoming(partial: Partial<Activity>): Activity {
    return {
      id: randomUUID(),
      channelId: 'console',
      serviceUrl: 'console://',
      timestamp: new Date(),
      locale: this.locale,
      from: { id: 'user', name: 'You' },
      recipient: { id: 'bot', name: 'Wallet Support Bot' },
      conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: 'console' },
      ...partial,
    } as Activity;
  }
}
