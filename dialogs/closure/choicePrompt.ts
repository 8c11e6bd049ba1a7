import type { CardAction, TurnContext } from 'botbuilder';
import type { PromptRecognizerResult } from 'botbuilder-dialogs';
import type { Locale } from '../../src/knowledge/topicSchema';
import { parseActionValue, type FlowChoice } from '../actionValues';
import { button, reply } from '../replies';
import { ct } from './closureStrings';
import { bilingual, FlowPromptBase, type Bilingual, type FlowPromptSpec } from './flowPrompt';

export interface ChoicePromptSpec extends FlowPromptSpec {
  choices: FlowChoice[];
  /**
   * An open question ("check again?" at the end of a flow): a message that is none of the choices
   * ends the prompt with 'other' instead of re-asking, so the flow can hand it to the main dialog.
   */
  open?: boolean;
}

export type ChoiceResult = FlowChoice | 'other';

/** Typed words that count as each button, in either language (compared without spaces or punctuation). */
const CHOICE_WORDS: Record<FlowChoice, string[]> = {
  continue: ['继续', '好', '好的', '是', '是的', '要', '确定', '确认', '可以', '行', '嗯', '继续办理', 'continue', 'yes', 'y', 'ok', 'okay', 'sure', 'goon', 'proceed', 'next', 'yesplease', 'okgoon', 'yesgoon', 'goahead', 'yescontinue', 'okcontinue', 'letsgo', 'letscontinue', '继续吧', '好的继续', '好继续', '可以继续', '没问题', '好的继续吧'],
  more: ['了解更多', '更多', '详细', '详细说说', '详情', '多说点', 'tellmemore', 'more', 'details', 'moreinfo', 'learnmore'],
  notNow: ['暂不注销', '暂不', '先不', '先不了', '不', '不要', '以后再说', '再想想', '不注销', 'notnow', 'no', 'n', 'later', 'nothanks'],
  resend: ['重新发送', '重发', '再发一次', '重新发', '没收到', '收不到', '没收到验证码', '重新获取', '重新发送验证码', 'resend', 'resendcode', 'sendagain', 'newcode', 'sendanewcode', 'sendanothercode', 'didntgetit'],
  checkAgain: ['再查一次', '重新检查', '再检查', '再检查一次', '再查', '好了', '处理好了', '弄好了', '办好了', 'checkagain', 'recheck', 'done', 'imdone', 'alldone'],
  agree: ['同意并提交', '同意', '我同意', '同意提交', '提交', '我同意并提交', '同意的', '好的同意', '同意吧', '确认提交', 'agreeandsubmit', 'agree', 'iagree', 'yes', 'submit', 'yesiagree', 'yesagree', 'idoagree', 'iagreetotheterms', 'iaccept', 'accept', 'yessubmit', 'okagree', 'yesido'],
  disagree: ['不同意', '不', '不要', '不提交', '我不同意', '不同意的', 'disagree', 'idontagree', 'idonotagree', 'no', 'nope', 'noidont', 'idonotaccept', 'decline'],
  retry: ['再试一次', '重试', '再试', '再来一次', 'tryagain', 'retry'],
  cancelRequest: ['撤销申请', '撤销', '撤回', '撤回申请', '取消申请', '撤销注销申请', 'canceltherequest', 'cancelrequest', 'cancelmyrequest', 'withdraw', 'cancelit', 'yescancelit', 'yescancel', 'withdrawit', '撤销吧', '撤了吧', '撤销它', '帮我撤销', '要撤销'],
  keepRequest: ['保留申请', '保留', '不撤销', '不用了', '不用', '不要撤销', 'keepit', 'keep', 'keeptherequest', 'no', 'nothanks'],
  confirmCancel: ['确定撤销', '确定', '确认撤销', '是', '是的', '撤销', 'yes', 'yescancelit', 'cancelit', 'confirm'],
};

const normalize = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');

/** A button that answers a flow prompt with `choice`. */
export function choiceButton(choice: FlowChoice, locale: Locale): CardAction {
  return button(ct(choice, locale), { action: 'choice', choice });
}

/** The choice a message makes among `choices`: a tapped button, or typed words in either language. */
export function recognizeChoice(context: TurnContext, choices: readonly FlowChoice[]): FlowChoice | undefined {
  const action = parseActionValue(context.activity.value);
  if (action) return action.action === 'choice' && choices.includes(action.choice) ? action.choice : undefined;
  const typed = normalize(context.activity.text ?? '');
  if (!typed) return undefined;
  return choices.find(
    (choice) => CHOICE_WORDS[choice].includes(typed) || normalize(ct(choice, 'zh-CN')) === typed || normalize(ct(choice, 'en')) === typed,
  );
}

/** "Please tap a button or reply: A / B", with the same buttons as the question. */
export function choiceRetry(prompt: Bilingual, choices: readonly FlowChoice[]): Bilingual {
  return bilingual((locale) =>
    reply(
      ct('pickOne', locale, { options: choices.map((c) => ct(c, locale)).join(' / ') }),
      locale,
      prompt[locale].suggestedActions?.actions ?? [],
    ),
  );
}

/**
 * A question answered with buttons (messageBack, zod-parsed values) or the same words typed. Other
 * messages are re-asked, or end an open question with 'other'.
 */
export class ChoicePrompt extends FlowPromptBase<ChoiceResult, ChoicePromptSpec> {
  readonly answersShowLanguage = true;

  constructor(dialogId: string) {
    super(dialogId);
  }

  protected recognizes(context: TurnContext, spec: ChoicePromptSpec): boolean {
    return recognizeChoice(context, spec.choices) !== undefined;
  }

  protected override async onRecognize(
    context: TurnContext,
    _state: object,
    options: { validations: ChoicePromptSpec },
  ): Promise<PromptRecognizerResult<ChoiceResult>> {
    const spec = options.validations;
    const choice = recognizeChoice(context, spec.choices);
    if (choice) return { succeeded: true, value: choice };
    return spec.open ? { succeeded: true, value: 'other' } : { succeeded: false };
  }
}
