import { ActivityHandler, MessageFactory, type Storage, type TurnContext } from 'botbuilder';
import { EtagConversationState } from '../src/storage/etagBotState';

/**
 * The floor the bot is measured against: a bot that does nothing but welcome and echo, yet reads and
 * saves its conversation state every turn as the real bot does, so storage is part of the floor.
 */
export class EchoBot extends ActivityHandler {
  private readonly state: EtagConversationState;
  private readonly turns;

  constructor(storage: Storage) {
    super();
    this.state = new EtagConversationState(storage);
    this.turns = this.state.createProperty<number>('turns');
    this.onMembersAdded(async (context, next) => {
      await context.sendActivity(MessageFactory.text('welcome'));
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.turns.set(context, (await this.turns.get(context, 0)) + 1);
      await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.state.saveChanges(context, false);
  }

  async handleTurnError(context: TurnContext, error: Error): Promise<void> {
    await context.sendActivity(MessageFactory.text(`echo failed: ${error.message}`));
  }
}
