import { LOCALES, type Locale } from '../src/knowledge/topicSchema';

/** Every line the main and FAQ dialogs say, in both languages. Placeholders are {name}. */
const STRINGS = {
  welcome: {
    'zh-CN': '你好，我是 im钱包 客服助手。我可以解答注销账户的问题，也可以带你办理注销。请直接输入你的问题，或点下面的按钮。',
    en: "Hi, I'm the im Wallet support assistant. I can answer questions about closing your account and walk you through closing it. Type your question or tap a button below.",
  },
  fallback: {
    'zh-CN': '抱歉，这个问题我回答不了。我只能帮你处理 im钱包 账户注销的事，比如注销步骤、注销前的准备、对征信的影响。',
    en: "Sorry, I can't help with that. I can only help with closing an im Wallet account: the steps, what to do first, and the effect on your credit record.",
  },
  offerHuman: {
    'zh-CN': '看来我没能帮上忙。需要的话，可以转人工客服。',
    en: "Looks like I'm not getting it. I can pass you to a human agent if you like.",
  },
  closureStartUnavailable: {
    'zh-CN': '在线办理注销的功能还没有开通。现在你可以在 im钱包 App 的「账户设置」里找到「注销账户」自行办理，下面是具体步骤。',
    en: "Closing your account from this chat isn't available yet. For now you can close it yourself in the im Wallet app under Account settings → Close account. Here are the steps.",
  },
  closureStatusUnavailable: {
    'zh-CN': '查询注销进度的功能还没有开通。提交申请后，请留意注册邮箱里的确认邮件，点击其中的链接才能完成注销。',
    en: "Checking a closure request's status from this chat isn't available yet. After you submit a request, look for the confirmation email at your registered address: clicking its link completes the closure.",
  },
  handoffUnavailable: {
    'zh-CN': '转接人工客服的功能还没有开通，我没法在这里为你转接。你可以通过 im钱包 的客服电话或 App 内的在线客服联系人工。',
    en: "Handing over to a human agent isn't available in this chat yet, so I can't transfer you from here. You can reach a person through im Wallet's support phone line or the online support in the app.",
  },
  feedbackThanks: {
    'zh-CN': '谢谢你的反馈！',
    en: 'Thanks for the feedback!',
  },
  feedbackSorry: {
    'zh-CN': '抱歉没帮上忙，我会记下来改进。你可以换个说法再问，或者转人工客服。',
    en: "Sorry that didn't help. I've noted it. Try asking another way, or ask for a human agent.",
  },
  turnFailed: {
    'zh-CN': '抱歉，我这边出了点问题，请再发一次试试。',
    en: 'Sorry, something went wrong on my side. Please send that again.',
  },
  turnConflict: {
    'zh-CN': '抱歉，您的两条消息同时到达，刚才这条没有记下。请看一下上面的最新回复，需要的话再发一次。',
    en: 'Sorry, two of your messages arrived at the same moment and I could not keep this one. Please check the latest reply above and send it again if needed.',
  },
  storageDown: {
    'zh-CN': '抱歉，我暂时连不上记录系统，刚才这条消息没能处理。你之前的进度都还保留着，请稍等一会儿再发一次。',
    en: "Sorry, I can't reach my records right now, so I couldn't handle that message. Everything you've done so far is kept; please send it again in a minute.",
  },
  sameTopicLead: {
    'zh-CN': '还是「{title}」的问题：{summary}',
    en: 'Same topic as before ({title}): {summary}',
  },
  smallTalk_thanks: {
    'zh-CN': '不客气！还有别的问题随时问我。',
    en: "You're welcome! Ask me anything else any time.",
  },
  smallTalk_ack: {
    'zh-CN': '好的。还有想了解的，直接问我就行。',
    en: "OK. If there's anything else, just ask.",
  },
  smallTalk_bye: {
    'zh-CN': '再见，祝你一切顺利！',
    en: 'Bye, all the best!',
  },
  inFlowThanks: { 'zh-CN': '不客气。', en: "You're welcome." },
  inFlowAck: { 'zh-CN': '好的。', en: 'OK.' },
  nothingToCancel: {
    'zh-CN': '现在没有正在办理的事，不需要取消。如果已经提交了注销申请想撤销，可以查询注销进度。',
    en: "There's nothing in progress to stop. If you've already filed a closure request and want to withdraw it, check its status.",
  },
  startingOver: { 'zh-CN': '好的，我们从头开始。', en: "OK, let's start over." },
  correctionWithValue: {
    'zh-CN': '好的，用新的信息重新验证身份。',
    en: "OK, let's verify your identity again with the new one.",
  },
  correctionAskAgain: {
    'zh-CN': '好的，我们重新验证身份。',
    en: "OK, let's verify your identity again.",
  },
  someoneElse: {
    'zh-CN': '账户只能由本人注销：验证码会发到账户本人的注册手机上，需要本人来验证身份。请让账户本人自己来找我办理。',
    en: "Only the account's owner can close it: the code goes to the owner's registered phone, and the owner has to verify themselves. Please ask them to contact me themselves.",
  },
  complaintAck: {
    'zh-CN': '很抱歉让你有这样的体验，我理解你的不满。',
    en: "I'm sorry about this experience, and I understand why you're upset.",
  },
  complaintHelp: {
    'zh-CN': '告诉我具体遇到了什么问题，我来帮你处理；也可以转人工客服。',
    en: "Tell me what went wrong and I'll help; or I can pass you to a human agent.",
  },
  helpful: { 'zh-CN': '👍 有帮助', en: '👍 Helpful' },
  notHelpful: { 'zh-CN': '👎 没帮助', en: '👎 Not helpful' },
  startClosure: { 'zh-CN': '开始注销', en: 'Start closing' },
  checkStatus: { 'zh-CN': '查询注销进度', en: 'Check closure status' },
  talkToHuman: { 'zh-CN': '转人工', en: 'Talk to an agent' },
} as const satisfies Record<string, Record<Locale, string>>;

export type StringKey = keyof typeof STRINGS;

/** A string table: key -> the line in every locale, placeholders written {name}. */
export type StringTable = Record<string, Record<Locale, string>>;

/** The `t()` of a string table; each dialog family keeps its own table (e.g. dialogs/closure/closureStrings.ts). */
export function translator<T extends StringTable>(table: T) {
  return (key: keyof T, locale: Locale, params: Record<string, string | number> = {}): string =>
    table[key]![locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** One line rendered in every language (a prompt's `help`). */
export function inEveryLocale(render: (locale: Locale) => string): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((locale) => [locale, render(locale)])) as Record<Locale, string>;
}

export const t: (key: StringKey, locale: Locale, params?: Record<string, string | number>) => string = translator(STRINGS);

/** Topics offered as buttons with the welcome and the fallback: the questions people ask most. */
export const MAIN_TOPICS = ['closure-steps', 'closure-checklist', 'credit-impact', 'recovery-after-closure'] as const;
