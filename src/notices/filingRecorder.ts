import { TurnContext, type StatePropertyAccessor } from 'botbuilder';
import type { Deliveries } from '../channels/delivery';
import type { Locale } from '../knowledge/topicSchema';
import type { ChineseScript } from '../nlu/script';
import type { ClosureWatchStore } from './closureWatchStore';

/** What the closure dialog calls once a request is filed (dialogs/closure/flowDeps.ts). */
export interface ClosureFilings {
  filed(context: TurnContext, requestId: string, locale: Locale): Promise<void>;
}

/**
 * Keeps what a later notice needs of the turn that filed a request: the conversation reference
 * (channel, conversation, service URL), the language and the script the person writes in. Nothing
 * of the person's verification is kept. A channel nothing can deliver to later (the terminal chat)
 * is not recorded.
 */
export class FilingRecorder implements ClosureFilings {
  constructor(
    private readonly store: ClosureWatchStore,
    private readonly script: StatePropertyAccessor<ChineseScript>,
    private readonly deliveries: Deliveries,
  ) {}

  async filed(context: TurnContext, requestId: string, locale: Locale): Promise<void> {
    if (!this.deliveries.has(context.activity.channelId)) return;
    const reference = TurnContext.getConversationReference(context.activity);
    await this.store.watch({
      requestId,
      channel: context.activity.channelId,
      reference,
      locale,
      script: (await this.script.get(context)) ?? 'simplified',
    });
  }
}
