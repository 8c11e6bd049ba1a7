import type { Locale } from '../../src/knowledge/topicSchema';
import { inEveryLocale, translator, type StringTable } from '../strings';

/**
 * Every line the closure and status flows say, in both languages. Placeholders are {name}. Facts
 * about closing (terms, timing, what to do about a blocker in depth) come from the knowledge base,
 * not from here.
 */
const CLOSURE_STRINGS = {
  // ------------------------------------------------------------ buttons
  continue: { 'zh-CN': '继续', en: 'Continue' },
  more: { 'zh-CN': '了解更多', en: 'Tell me more' },
  notNow: { 'zh-CN': '暂不注销', en: 'Not now' },
  resend: { 'zh-CN': '重新发送', en: 'Resend code' },
  checkAgain: { 'zh-CN': '再查一次', en: 'Check again' },
  agree: { 'zh-CN': '同意并提交', en: 'Agree and submit' },
  disagree: { 'zh-CN': '不同意', en: "I don't agree" },
  retry: { 'zh-CN': '再试一次', en: 'Try again' },
  cancelRequest: { 'zh-CN': '撤销申请', en: 'Cancel the request' },
  keepRequest: { 'zh-CN': '保留申请', en: 'Keep it' },
  confirmCancel: { 'zh-CN': '确定撤销', en: 'Yes, cancel it' },

  // ------------------------------------------------------------ leaving, interruptions
  cancelledClosure: {
    'zh-CN': '好的，已退出注销流程，什么都没有提交。',
    en: "OK, I've stopped closing your account. Nothing has been filed.",
  },
  cancelledWhileFiling: {
    'zh-CN': '好的，已退出。如果刚才那次提交其实成功了，确认邮件会发到你的注册邮箱；随时可以说"我的注销进度"查询。',
    en: "OK, I've stopped. If the earlier attempt did go through, the confirmation email will reach your registered address; say \"status of my closure\" any time to check.",
  },
  cancelledStatus: {
    'zh-CN': '好的，已退出查询，申请没有任何变动。',
    en: "OK, I've stopped. Nothing about your request has changed.",
  },
  pickOne: {
    'zh-CN': '请点下面的按钮，或直接回复：{options}。',
    en: 'Please tap a button below, or reply with: {options}.',
  },
  staleChoice: {
    'zh-CN': '这个按钮对应的步骤已经结束了。需要的话可以重新开始注销，或查询注销进度。',
    en: 'That button belongs to a step that has already finished. You can start a closure again or check its status.',
  },
  walletDown: {
    'zh-CN': '抱歉，钱包系统暂时没有响应，这不是你的问题。你的进度我都保留着，稍后再试一次就行。',
    en: "Sorry, the wallet system isn't responding right now; it's not you. I've kept your progress, so just try again in a moment.",
  },
  walletDownSendAgain: {
    'zh-CN': '抱歉，钱包系统暂时没有响应，这不是你的问题。请稍后再发一次。',
    en: "Sorry, the wallet system isn't responding right now; it's not you. Please send that again in a moment.",
  },

  // ------------------------------------------------------------ why each step asks (a question at the step)
  helpIntent: {
    'zh-CN': '我先确认你确实要注销，因为注销后无法恢复。选"继续"开始验证身份，"了解更多"看注销的影响，"暂不注销"就先不办。',
    en: 'I check first that you really want to close, because closing cannot be undone. "Continue" starts the identity check, "Tell me more" explains what closing means, "Not now" stops here.',
  },
  helpRef: {
    'zh-CN': '我需要确认是账户本人在办理。你给的手机号、邮箱或账户 ID 只用来找到账户，验证码会发到账户的注册手机上，我不会保存完整号码。',
    en: "I need to make sure it's the account's owner. The phone number, email or account ID you give only finds the account; the code goes to its registered phone, and I don't keep the full number.",
  },
  helpCode: {
    'zh-CN': '验证码发到了账户的注册手机 {masked}，用来确认是你本人在操作，只在这次验证中使用，不要告诉任何人。请输入收到的 6 位数字；没收到可以说"重新发送"。',
    en: "The code went to the account's registered phone, {masked}. It proves it's really you and is used only for this check, so never share it with anyone. Type the 6 digits you received, or say \"resend\" if none came.",
  },
  helpBlocked: {
    'zh-CN': '这些问题处理好之前，钱包不允许注销。处理好后点"再查一次"；想先停下可以说"暂不注销"。',
    en: 'The wallet does not allow closing until these are sorted. Once they are, tap "Check again"; to stop for now, say "not now".',
  },
  helpWalletDown: {
    'zh-CN': '钱包系统暂时没有响应，你的进度我都保留着。点"再试一次"重新查询。',
    en: 'The wallet system is not responding for now; your progress is kept. Tap "Try again" to ask it again.',
  },
  helpTerms: {
    'zh-CN': '这些是注销前必须知道的条款。只有你选"同意并提交"，我才会提交注销申请；不同意就什么都不提交。',
    en: 'These are the terms you need to know before closing. I only file the closure request if you choose "Agree and submit"; if you don\'t agree, nothing is filed.',
  },
  helpFileRetry: {
    'zh-CN': '"再试一次"会用同一个申请重新提交，绝不会重复提交；"暂不注销"就先停在这里。',
    en: '"Try again" re-sends the very same request, so it is never filed twice; "Not now" stops here.',
  },
  helpOfferCancel: {
    'zh-CN': '撤销后账户不会注销；保留的话，点击确认邮件里的链接后才会开始注销。',
    en: 'If you cancel, the account will not be closed; if you keep it, the closure starts once you click the link in the confirmation email.',
  },
  helpConfirmCancel: {
    'zh-CN': '确定撤销后，这个申请就作废了，账户不会注销；以后想注销需要重新申请。',
    en: 'Once cancelled, this request is void and the account stays open; closing it later means a new request.',
  },

  // ------------------------------------------------------------ 1. intent and consequences
  intro: {
    'zh-CN': '好的，我来帮你办理注销。办理前请知悉：\n注销后无法恢复，交易记录、个人信息和设置都会被永久删除。\n以后想再用 im钱包，只能重新注册，一切从头开始。\n\n要继续吗？',
    en: "OK, I'll help you close your account. Before we start:\nClosing is permanent: your transaction history, personal details and settings are deleted for good.\nIf you want im Wallet again later, you'll start over with a new account.\n\nShall we continue?",
  },
  introReprompt: {
    'zh-CN': '要继续办理注销吗？',
    en: 'Shall we continue closing your account?',
  },
  introGiven: {
    'zh-CN': '好的，我来帮你办理注销。办理前请知悉：\n注销后无法恢复，交易记录、个人信息和设置都会被永久删除。\n以后想再用 im钱包，只能重新注册，一切从头开始。\n\n先用你给的信息验证身份；随时可以说"取消"。',
    en: "OK, I'll help you close your account. Before we start:\nClosing is permanent: your transaction history, personal details and settings are deleted for good.\nIf you want im Wallet again later, you'll start over with a new account.\n\nFirst I'll verify your identity with what you gave me; say \"cancel\" at any time.",
  },
  notNowBye: {
    'zh-CN': '好的，先不注销，什么都没有提交。有需要随时找我。',
    en: "OK, no closure for now; nothing has been filed. I'm here whenever you need me.",
  },

  // ------------------------------------------------------------ 2. identity
  identityIntroStatus: {
    'zh-CN': '查询注销进度需要先验证你的身份。',
    en: 'To look up your closure request I first need to verify your identity.',
  },
  verifyInPersonalChat: {
    'zh-CN': '为了保护你的账户，验证身份只在私聊里进行，群聊里其他人也能看到。请私聊我，说"我要注销账户"或"我的注销进度"继续。',
    en: 'To keep your account safe, I verify identities only in a personal chat: others can read this conversation. Message me directly and say "close my account" or "status of my closure" to continue.',
  },
  verifyInPersonalChatLink: {
    'zh-CN': '为了保护你的账户，验证身份只在私聊里进行，群聊里其他人也能看到。请[点这里私聊我]({link})，说"我要注销账户"或"我的注销进度"继续。',
    en: 'To keep your account safe, I verify identities only in a personal chat: others can read this conversation. [Open a chat with me]({link}) and say "close my account" or "status of my closure" to continue.',
  },
  askRef: {
    'zh-CN': '请告诉我你在 im钱包 注册的手机号、邮箱或账户 ID（W 加 8 位数字）。验证码会发到账户的注册手机上。',
    en: "Please tell me the phone number, email or account ID (W plus 8 digits) registered with im Wallet. I'll text a code to the account's registered phone.",
  },
  askRefReprompt: {
    'zh-CN': '请输入注册手机号、邮箱或账户 ID，例如 13812345678、name@example.com 或 W12345678。',
    en: 'Please enter the registered phone number, email or account ID, e.g. 13812345678, name@example.com or W12345678.',
  },
  refInvalid: {
    'zh-CN': '这看起来不像手机号、邮箱或账户 ID。请再输入一次，例如 13812345678、name@example.com 或 W12345678。',
    en: "That doesn't look like a phone number, email or account ID. Please try again, e.g. 13812345678, name@example.com or W12345678.",
  },
  refNotFound: {
    'zh-CN': '没有找到对应的账户。请检查后再输入一次注册手机号、邮箱或账户 ID。',
    en: "I couldn't find an account for that. Please check it and enter the registered phone number, email or account ID again.",
  },
  reusedVerification: {
    'zh-CN': '你在这次对话里已经验证过身份（{masked}），直接继续。',
    en: "You've already verified your identity in this chat ({masked}), so let's continue.",
  },
  codeSent: {
    'zh-CN': '验证码已发送到 {masked}。',
    en: "I've texted a code to {masked}.",
  },
  askCode: {
    'zh-CN': '请输入 6 位验证码（{minutes} 分钟内有效）。没收到可以回复"重新发送"。',
    en: 'Please enter the 6-digit code (valid for {minutes} min). Didn\'t get it? Say "resend".',
  },
  codeFormat: {
    'zh-CN': '验证码是 6 位数字，请再输入一次；没收到可以回复"重新发送"。',
    en: 'The code is 6 digits. Please enter it again, or say "resend" if it didn\'t arrive.',
  },
  codeWrong: {
    'zh-CN': '验证码不对，还可以再试 {n} 次。',
    en: "That code isn't right. You have {n} tries left.",
  },
  codeWrongLastTry: {
    'zh-CN': '验证码不对，还可以再试 1 次。',
    en: "That code isn't right. You have 1 try left.",
  },
  codeExpired: {
    'zh-CN': '这个验证码已经过期了。点"重新发送"获取新的验证码。',
    en: 'That code has expired. Tap "Resend code" to get a new one.',
  },
  resendTooSoon: {
    'zh-CN': '请 {seconds} 秒后再重新发送。刚才的验证码仍然有效。',
    en: 'You can ask for a new code in {seconds} seconds. The code already sent still works.',
  },
  resent: {
    'zh-CN': '新的验证码已发送到 {masked}，之前的验证码作废。',
    en: 'A new code is on its way to {masked}; the previous one no longer works.',
  },
  verificationRestart: {
    'zh-CN': '这次验证已经失效了，我们重新来一遍。',
    en: "That verification is no longer valid, so let's start it again.",
  },
  verified: { 'zh-CN': '身份验证成功。', en: 'Identity verified.' },
  verificationExpired: {
    'zh-CN': '身份验证已过期，需要重新验证。',
    en: 'Your identity verification has expired, so I need to verify you again.',
  },
  locked: {
    'zh-CN': '验证码错误次数太多，为保护账户安全，验证已被锁定。注销已停止，什么都没有提交。',
    en: "Too many wrong codes, so verification is locked to protect your account. I've stopped here and nothing has been filed.",
  },
  lockedStatus: {
    'zh-CN': '验证码错误次数太多，为保护账户安全，验证已被锁定，暂时无法查询。',
    en: "Too many wrong codes, so verification is locked to protect your account and I can't look up the request right now.",
  },
  // Security (issue #10): texts are limited per account (wallet) and per conversation (bot).
  tooManyCodes: {
    'zh-CN': '验证码发送次数太多了，为避免短信打扰，请 {minutes} 分钟后再试。需要的话可以转人工客服。',
    en: 'Too many codes have been sent, so to keep the phone from being flooded, please try again in {minutes} min. A human agent can help if you like.',
  },
  lockedRetryAfter: {
    'zh-CN': '{minutes} 分钟后可以重新获取验证码。',
    en: 'You can ask for a new code in {minutes} min.',
  },

  // ------------------------------------------------------------ 3. eligibility
  eligible: { 'zh-CN': '账户符合注销条件。', en: 'Your account can be closed.' },
  blockedIntro: {
    'zh-CN': '这个账户暂时还不能注销，需要先处理：',
    en: "This account can't be closed yet. First:",
  },
  blockerBalance: {
    'zh-CN': '账户里还有余额 {money}。请先把余额提现到银行卡或转出，余额为零才能注销。',
    en: 'There is still {money} in the account. Withdraw or transfer it out first: the balance must be zero.',
  },
  blockerPending: {
    'zh-CN': '还有 {n} 笔交易没有完成。请等这些交易完成，或和对方、商户处理完毕。',
    en: '{n} transactions are still pending. Wait for them to complete, or settle them with the other party or the merchant.',
  },
  blockerPendingOne: {
    'zh-CN': '还有 1 笔交易没有完成。请等这笔交易完成，或和对方、商户处理完毕。',
    en: '1 transaction is still pending. Wait for it to complete, or settle it with the other party or the merchant.',
  },
  blockerLinked: {
    'zh-CN': '账户还绑定着：{list}。请先在 App 的「账户设置」里逐一解绑。',
    en: 'These are still linked to the account: {list}. Unlink each one in the app under Account settings.',
  },
  blockerLocked: {
    'zh-CN': '账户目前被风控冻结，需要人工客服先解冻。',
    en: 'The account is frozen by risk control; a human agent has to unlock it first.',
  },
  blockerInProgress: {
    'zh-CN': '这个账户已经有一个注销申请（编号 {requestId}）在处理中，不用重复提交。',
    en: 'This account already has a closure request in progress ({requestId}); no need to file another.',
  },
  blockerClosed: { 'zh-CN': '这个账户已经注销了。', en: 'This account is already closed.' },
  blockedOutro: {
    'zh-CN': '处理好之后点"再查一次"，我会重新检查。现在什么都没有提交。',
    en: 'Once that\'s done, tap "Check again" and I\'ll take another look. Nothing has been filed.',
  },
  blockedReprompt: {
    'zh-CN': '处理好之后点"再查一次"，我会重新检查。',
    en: 'Once that\'s done, tap "Check again" and I\'ll take another look.',
  },
  blockedStop: {
    'zh-CN': '好的，处理好之后随时说"我要注销账户"。现在什么都没有提交。',
    en: 'OK. Whenever that is sorted, just say "close my account". Nothing has been filed.',
  },
  linkedBankCard: { 'zh-CN': '{name}（{masked}）', en: '{name} ({masked})' },
  /** A linked account the bot has no Chinese name for: as the wallet wrote it, marked so. */
  unlabelledBankCard: { 'zh-CN': '银行卡「{name}」（钱包原文）', en: '{name}' },
  unlabelledLinked: { 'zh-CN': '关联账户「{name}」（钱包原文）', en: '{name}' },
  listSeparator: { 'zh-CN': '、', en: ', ' },
  /** Between two sentences joined into one message (Chinese puts no space after 。). */
  sentenceSeparator: { 'zh-CN': '', en: ' ' },

  // ------------------------------------------------------------ 4. terms
  termsAsk: {
    'zh-CN': '你同意以上注销条款并提交注销申请吗？',
    en: 'Do you agree to these closure terms and want to submit the closure request?',
  },
  disagreeBye: {
    'zh-CN': '好的，没有提交注销申请，账户保持不变。有需要随时找我。',
    en: "OK, no closure request was filed and your account stays as it is. I'm here whenever you need me.",
  },

  // ------------------------------------------------------------ 5. filing
  filed: {
    'zh-CN': '注销申请已提交，申请编号 {requestId}。\n确认邮件已发到 {email}，请打开邮件并点击其中的链接，点击后才会开始注销。',
    en: 'Your closure request is filed: {requestId}.\nA confirmation email went to {email}. Open it and click its link; the closure starts only after that.',
  },
  filedNext: {
    'zh-CN': '请打开确认邮件并点击其中的链接，点击后才会开始注销。',
    en: 'Open the confirmation email and click its link; the closure starts only after that.',
  },
  timingFallback: {
    'zh-CN': '确认后通常几分钟到一小时内完成。',
    en: 'Once confirmed it usually takes from a few minutes to an hour.',
  },
  fileFailed: {
    'zh-CN': '抱歉，提交时钱包系统没有响应，这不是你的问题。你的进度我都保留着，点"再试一次"即可，不会重复提交。',
    en: "Sorry, the wallet system didn't respond while I was filing; it's not you. Your progress is saved: tap \"Try again\" and it will never be filed twice.",
  },
  fileFailedStop: {
    'zh-CN': '好的，先不提交了。如果刚才那次其实已经提交成功，确认邮件会发到你的注册邮箱；随时可以说"我的注销进度"查询。',
    en: 'OK, I\'ll stop here. If the earlier attempt did go through, the confirmation email will reach your registered address; say "status of my closure" any time to check.',
  },
  fileRefused: {
    'zh-CN': '抱歉，钱包没有受理这次注销，原因我这边看不到，什么都没有提交。',
    en: "Sorry, the wallet did not accept this closure, and I can't see why from here. Nothing has been filed.",
  },

  // ------------------------------------------------------------ 6. status
  statusNone: {
    'zh-CN': '这个账户还没有注销申请。要现在开始办理吗？',
    en: "There's no closure request for this account. Would you like to start one?",
  },
  status_pending_email_confirmation: {
    'zh-CN': '你的注销申请 {requestId}（{date} 提交）正在等待邮件确认：请打开发到 {email} 的邮件并点击其中的链接，点击后才会开始注销。',
    en: 'Your closure request {requestId} (filed {date}) is waiting for email confirmation: open the email sent to {email} and click its link; the closure starts only after that.',
  },
  status_processing: {
    'zh-CN': '你的注销申请 {requestId} 已确认，正在处理中。',
    en: 'Your closure request {requestId} is confirmed and being processed.',
  },
  status_completed: {
    'zh-CN': '你的注销申请 {requestId} 已完成，账户已注销。',
    en: 'Your closure request {requestId} is completed: the account is closed.',
  },
  status_cancelled: {
    'zh-CN': '你的注销申请 {requestId} 已撤销，账户没有注销。需要的话可以重新申请。',
    en: 'Your closure request {requestId} was cancelled, so the account was not closed. You can start a new one any time.',
  },
  status_rejected: {
    'zh-CN': '你的注销申请 {requestId} 没有通过，账户没有注销。',
    en: 'Your closure request {requestId} was not approved, so the account was not closed.',
  },
  tooLateToCancel: {
    'zh-CN': '确认邮件里的链接已经点过了，注销已经开始，不能再撤销。注销完成后账户无法恢复；以后想再用 im钱包，需要重新注册。',
    en: "The link in the confirmation email has already been opened, so the closure is under way and can no longer be cancelled. Once closed, the account can't be restored; to use im Wallet again you'd register a new account.",
  },
  alreadyClosed: {
    'zh-CN': '这个账户已经注销，无法撤销或恢复；以后想再用 im钱包，需要重新注册。',
    en: "This account is already closed and that can't be undone; to use im Wallet again you'd register a new account.",
  },
  requestNotFound: {
    'zh-CN': '这个账户下没有编号为 {requestId} 的申请，下面是它最新的一个。',
    en: "This account has no request {requestId}; here is its latest one.",
  },
  offerCancel: {
    'zh-CN': '如果改主意了，在点击邮件链接之前可以撤销这个申请。',
    en: 'Changed your mind? You can cancel the request until you click the email link.',
  },
  offerCancelReprompt: {
    'zh-CN': '要撤销注销申请 {requestId} 吗？',
    en: 'Do you want to cancel closure request {requestId}?',
  },
  confirmCancelAsk: {
    'zh-CN': '确定要撤销申请 {requestId} 吗？撤销后账户不会注销，以后想注销需要重新申请。',
    en: 'Cancel request {requestId}? Your account will not be closed, and closing it later means filing a new request.',
  },
  requestCancelled: {
    'zh-CN': '已撤销申请 {requestId}，账户不会被注销。确认邮件里的链接也已失效。',
    en: 'Request {requestId} is cancelled and your account will not be closed. The link in the confirmation email no longer works.',
  },
  requestKept: {
    'zh-CN': '好的，申请保留不变。',
    en: 'OK, the request stays as it is.',
  },
  notCancellable: {
    'zh-CN': '这个申请现在的状态是"{status}"，已经不能撤销了。点"查询注销进度"可以看它现在到哪一步。',
    en: 'The request is now "{status}" and can no longer be cancelled. Tap "Check closure status" to see where it stands.',
  },
  notice_processing: {
    'zh-CN': '你已通过邮件确认了注销申请 {requestId}，现在正在处理。处理完成后我会在这里告诉你。',
    en: "You confirmed closure request {requestId} by email, and it's being processed now. I'll tell you here when it's done.",
  },
  notice_completed: {
    'zh-CN': '你的 im钱包账户已注销（申请编号 {requestId}）。注销后无法恢复；以后想再用 im钱包，需要重新注册。感谢你一直以来的使用。',
    en: "Your im Wallet account is now closed (request {requestId}). It can't be restored; to use im Wallet again you'd register a new account. Thank you for having been with us.",
  },
  notice_rejected: {
    'zh-CN': '你的注销申请 {requestId} 没有通过审核，账户没有注销。想了解原因和接下来怎么做，可以找人工客服。',
    en: 'Your closure request {requestId} was not approved, so your account was not closed. An agent can tell you why and what to do next.',
  },
  checkAgainStatus: { 'zh-CN': '再查一次', en: 'Check again' },
  statusWord_pending_email_confirmation: { 'zh-CN': '等待邮件确认', en: 'waiting for email confirmation' },
  statusWord_processing: { 'zh-CN': '处理中', en: 'processing' },
  statusWord_completed: { 'zh-CN': '已完成', en: 'completed' },
  statusWord_cancelled: { 'zh-CN': '已撤销', en: 'cancelled' },
  statusWord_rejected: { 'zh-CN': '未通过', en: 'not approved' },
} as const satisfies StringTable;

export type ClosureStringKey = keyof typeof CLOSURE_STRINGS;

/** `t()` for the closure and status flows. */
export const ct = translator(CLOSURE_STRINGS);

/** A closure line in every language (a prompt's `help`). */
export function ctAll(key: ClosureStringKey): Record<Locale, string> {
  return inEveryLocale((locale) => ct(key, locale));
}
