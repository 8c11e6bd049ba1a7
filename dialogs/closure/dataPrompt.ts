import type { TurnContext } from 'botbuilder';
import type { PromptRecognizerResult, PromptValidator } from 'botbuilder-dialogs';
import { FlowPromptBase, type FlowPromptSpec } from './flowPrompt';

/**
 * A prompt for typed data with a fixed shape (an account reference, a one-time code). `parse`
 * decides what counts as an answer, so a valid answer is never taken for a question or a command;
 * a message that is not an answer may be a knowledge question (answered, then re-asked) or goes to
 * the validator, which explains the expected format.
 *
 * The validator may replace `recognized.value` with the outcome of its work (the wallet's answer),
 * so what the person typed goes no further than this turn.
 */
export class DataPrompt<T, S extends FlowPromptSpec = FlowPromptSpec> extends FlowPromptBase<T, S> {
  readonly answersShowLanguage = false;

  constructor(
    dialogId: string,
    private readonly parse: (context: TurnContext) => T | undefined,
    validator: PromptValidator<T>,
  ) {
    super(dialogId, validator);
  }

  protected recognizes(context: TurnContext): boolean {
    return this.parse(context) !== undefined;
  }

  protected override async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<T>> {
    const value = this.parse(context);
    return value === undefined ? { succeeded: false } : { succeeded: true, value };
  }
}
