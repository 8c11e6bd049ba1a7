import { CANCEL_PATTERN } from './intentPatterns';

/**
 * What a person says to steer a conversation rather than to answer the question in front of them:
 * leave, start over, correct what they gave, ask for the code again; and the small talk, complaints
 * and requests for someone else's account that every step must take in its stride. One table for
 * every prompt of every flow (dialogs/interruptibleDialog.ts reads it before a prompt's own
 * validation) and for the main dialog. Patterns run on NFKC-normalized, lower-cased text.
 */

export type FlowCommand = 'cancel' | 'startOver' | 'correction' | 'resend';

export type SmallTalk = 'thanks' | 'ack' | 'bye';

const normalize = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Leaving in one's own words ("hold on, stop", "先不弄了", "还是不注销了吧"), beyond the plain "取消". */
const NATURAL_CANCEL: RegExp[] = [
  /^(?:(?:等等|等一下|等下|稍等|哎|唉|嗯|呃|那|好吧|算了)[\s,，。.!！]*)*(?:我)?(?:还是|就|先|暂时|今天)?(?:先)?(?:不|别|不用|不必)(?:弄|办|搞|做|查|问|看|注销|销户|处理|继续|想弄|想办|想查|想注销|想继续|要注销|要办|要弄|要查)了?(?:吧|啦|了|呢)?(?:[\s,，。.!！]+(?:谢谢|以后再说|下次再说|改天再说|回头再说|算了))*[\s.。!！~]*$/,
  /^(?:(?:等等|等一下|哎|那)[\s,，]*)?(?:算了|不用了|不要了|不弄了|不办了|改天(?:再说|吧)|以后再说|下次再说|回头再说|我再想想|再想想|再考虑(?:一下|考虑)?|(?:我)?改主意了|(?:我)?不想(?:弄|办|搞|注销|继续)了|(?:我)?(?:还是)?(?:先)?留着(?:吧|账户|账号)?|(?:我)?(?:还是)?保留(?:账户|账号)(?:吧)?)(?:吧|了|啦)?[\s,，。.!！]*(?:算了|谢谢|不办了|不弄了)?[\s.。!！]*$/,
  /^(?:(?:hold on|wait|hang on|hmm|um|uh|ok|okay|no|nah|nope|actually|oh)[\s,.!]*)*(?:stop|cancel|quit|exit|forget (?:it|about it|this)|never ?mind|scratch that|leave it|drop it|not now|not today|maybe later|later|no thanks|nah)(?:[\s,.!]+(?:please|pls|thanks|thank you|for now|i changed my mind|i'?ll do it later|i'?ll think about it))*[\s.!]*$/,
  /^(?:(?:hold on|wait|actually|hmm|ok|okay)[\s,.!]*)*(?:i\s*(?:'ve|have)?\s*changed my mind|i\s*(?:'ll|will) think about it|let me think about it|i (?:do not|don'?t|dont) want (?:to )?(?:do )?(?:this|that|it|to close(?: it| my account)?|to continue|to go on)(?: (?:anymore|any more|now|after all))?|i'?m not (?:closing|doing this|sure anymore)|let'?s not|keep my account(?: open)?|i'?ll keep (?:it|my account|the account)(?: open| after all| for now)?|i'?d rather keep (?:it|my account|the account))[\s.!]*$/,
];

const START_OVER: RegExp[] = [
  /^(?:(?:算了|那|等等|哎)[\s,，]*)?(?:我(?:要|想)|能|能不能|可以|可不可以|咱们|我们)?(?:重新开始|从头开始|从头再来|重来|重新来|重头来|再来一遍|重新办理|全部重来|从头来)(?:吧|一遍|一次|了|吗|嘛)*[\s.。!！?？]*$/,
  /^(?:(?:ok|okay|hmm|wait|actually)[\s,.!]*)*(?:let'?s |can we |please |i want to |i'?d like to )?(?:start (?:over|again|from (?:the )?(?:beginning|scratch))|restart|begin again|from the top|redo (?:it|this|everything))(?: please| pls)?[\s.!?]*$/,
];

/** A slip named outright: "号码输错了", "oops, typo", "wrong number". */
const SLIP =
  /输错|打错|写错|填错|输入错|号码错|号错了|手机号错|邮箱错|\btypo\b|\bmistyped\b|\bwrong (?:number|phone|email|account|id)\b|\b(?:typed|entered|gave|put|sent)\b.{0,20}\bwrong\b|\bmade a mistake\b/;

/** Softer words that correct only with the new value beside them: "actually it's …", "应该是 …". */
const CORRECTION = /弄错|搞错|错了|不对|说错|更正|改一下|改成|应该是|其实是|换一个|换个|\bwrong\b|\boops\b|\bsorry\b|\bactually\b|\bi meant\b|\bcorrection\b|\bnot that\b|\bmistake\b|\bmeant\b|\binstead\b|\bnew (?:number|phone|email)\b/;

/** Something that looks like a phone number, an email address or an account id. */
const VALUE_LIKE = /\d{7,}|\d{3}[\s-]\d{4}|@|\bw\d{8}\b/;

/** "no text came, again pls", "短信没来，再发一下": the code did not arrive, send another. */
const RESEND: RegExp[] = [
  /(?:没|没有|未|还没)(?:收到|来|到|有收到)|收不到|再发|重发|重新发|重新获取|再来一个|再给我发|没短信/,
  /\b(?:(?:didn'?t|did not|haven'?t|have not|never|not)\s+(?:get|got|receive|received|see|seen)\b.{0,20}\b(?:text|sms|code|message|it)\b|(?:no|never|didn'?t|did not|haven'?t|have not|not)\b.{0,20}\b(?:text|sms|code|message)\b.{0,20}\b(?:came|come|arrived?|got|get|received?)|(?:text|sms|code|message)\b.{0,15}\b(?:never|didn'?t|did not|hasn'?t|has not|not)\b.{0,10}\b(?:came|come|arrived?|showed up)|(?:send|text)\b.{0,15}\b(?:again|another|a new one|new code)|resend|again pls|again please|one more time)\b/,
];

/** Words that, alone or together ("好的明白了", "ok thx", "thanks, bye 👋"), make a whole message small talk. */
const SMALL_TALK_WORDS: Record<SmallTalk, string> = {
  thanks:
    '谢谢你|谢谢您|谢谢|谢了|谢啦|多谢|感谢|辛苦了|3q|thank you|thank u|thanks|thx|ty|cheers|much appreciated|appreciate it|a lot|so much|very much',
  bye: '再见|拜拜|拜|886|88|回见|没事了|没有了|没别的了|就这样|bye bye|goodbye|bye|see you|see ya|cya|have a (?:good|nice) (?:day|one)|that\'?s all',
  ack: '好的|好吧|好|嗯+|哦+|噢|行|明白了|明白|知道了|懂了|了解了|了解|收到|ok|okay|okk|kk|k|got it|i see|understood|cool|alright|all right|sure|great|nice|fine|noted|啦|了|哈|呀|啊|你|您|👍|👌|🙏|😊|🙂|👋',
};
const SMALL_TALK_PAUSE = '[\\s,，。.!！~～]*';
const ONLY_SMALL_TALK = new RegExp(`^(?:(?:${Object.values(SMALL_TALK_WORDS).join('|')})${SMALL_TALK_PAUSE})+$`, 'u');
const HAS_SMALL_TALK: Record<SmallTalk, RegExp> = {
  thanks: new RegExp(SMALL_TALK_WORDS.thanks, 'u'),
  bye: new RegExp(SMALL_TALK_WORDS.bye, 'u'),
  ack: new RegExp(SMALL_TALK_WORDS.ack, 'u'),
};

/** Unhappy with the service, or threatening to complain to the regulator. */
const COMPLAINT =
  /投诉|举报|曝光|12315|12378|12363|银保监|金融监管|监管(?:部门|局|机构)|人民银行|消协|消费者协会|太差|垃圾|坑人|骗人|什么破|气死|无语|\bcomplain|\bcomplaint|\bregulator|\bombudsman|\breport (?:you|this|your)|\bsue\b|\blawyer|\bterrible\b|\bawful\b|\buseless\b|\bridiculous\b|\bunacceptable\b|\bworst\b|\bfurious\b|\bscam company\b/;

/** A threat tacked on after the request: "…, or I'll complain to the regulator", "…我就去投诉". */
const THREAT_TAIL = /(?:[\s,，]*\b(?:or|otherwise|else|before)\b.*|(?:否则|不然|要不然|要不|我就|就去|我要去|我会去|我会向|我要向|我去).*)$/;

/** What the request is was beside the complaint ("再不给我注销我就去投诉" -> "再不给我注销"), if anything. */
export function besidesComplaint(text: string): string | undefined {
  const kept = normalize(text)
    .split(/[,，。.!！;；]+/)
    .map((clause) => clause.replace(THREAT_TAIL, '').trim())
    .filter((clause) => clause && !COMPLAINT.test(clause));
  return kept.length > 0 ? kept.join('，') : undefined;
}

/** Someone else's account: a friend, a relative, a deceased or incapacitated owner. */
const THIRD_PARTY =
  /(?:帮|替|给|代)(?:我)?(?:的)?(?:朋友|家人|亲戚|父亲|母亲|爸爸|妈妈|爸|妈|老爸|老妈|爷爷|奶奶|外公|外婆|老公|老婆|丈夫|妻子|儿子|女儿|孩子|哥哥|姐姐|弟弟|妹妹|同事|别人|他人|客户|老人)|(?:朋友|家人|亲戚|父亲|母亲|爸爸|妈妈|爸|妈|老爸|老妈|爷爷|奶奶|外公|外婆|老公|老婆|丈夫|妻子|儿子|女儿|孩子|哥哥|姐姐|弟弟|妹妹|同事|别人|他人|老人)的(?:im)?(?:钱包|账户|账号|帐号|帐户|号)|\b(?:my|a|for my|on behalf of my)\s+(?:friend|mom|mum|mother|dad|father|parent|parents|wife|husband|son|daughter|brother|sister|grandma|grandmother|grandpa|grandfather|relative|cousin|aunt|uncle|partner|boyfriend|girlfriend|colleague|client|kid|child)(?:'s|s')?\s+(?:im\s+)?(?:wallet|account|acct)|\b(?:someone|somebody) else'?s\s+(?:account|wallet)|\bon behalf of\b|\bfor (?:my )?(?:friend|mom|mum|mother|dad|father|wife|husband|relative)\b.{0,20}\b(?:account|close|delete)/;

/** Asking where the step sent something ("where did you send it?", "发到哪个手机了"): only the step knows. */
const WHERE_THIS_STEP =
  /\bwhere (?:did|do|does|was|is|will) (?:you |it |the code |my code )?(?:send|sent|go|get sent|going)\b|\bwhich (?:phone|number)\b|发到哪|发哪|发去哪|发给哪|哪个(?:手机|号码)/;

/** Asking why this step asks what it asks ("why do you need that?", "为啥要我手机号", "what's the code for?"). */
const WHY_THIS_STEP =
  /\bwhat(?:'s|s| is) the point\b|目的是|有(?:啥|什么)意义|^(?:but |and |so )?(?:why|how come)\b.{0,30}\b(?:that|this|it|them|my (?:number|phone|email|id|code|details)|you need|you ask|do you want|should i)\b|\bwhat(?:'s| is| are|s)? (?:it|that|this|these|the code|the number|they) (?:for|used for)\b|\bwhat for\b|为(?:啥|什么|何)(?:还)?(?:要|需要|得)?(?:我)?(?:的)?(?:手机号|号码|电话|邮箱|账户 ?id|验证码|这个|这些|提供|输入|给你|填|确认|验证|同意)|(?:这个|这些|验证码|手机号)?(?:是)?干(?:嘛|什么|啥)(?:用)?的?|有(?:什么|啥)用/;

/** Questions, however short: a question mark, or a question word in either language. */
const QUESTION =
  /[?？]|吗|么|呢|为啥|为什么|为何|什么|啥|怎么|怎样|如何|咋|哪|几|多久|多少|是否|能不能|可不可以|会不会|要不要|有没有|^(?:why|what|whats|what's|how|where|when|which|who|is|are|can|could|do|does|did|will|would|should|must|may)\b/;

/** A request id the wallet gave ("CR20260101ABC123"). */
const REQUEST_ID = /(?<![A-Za-z0-9])cr\d{8}[a-z0-9]{6}(?![A-Za-z0-9])/i;

/** A closure request named as such (not closing itself). */
const OWN_REQUEST = /申请|请求|\brequest\b|\bapplication\b|\bclosure\b/;

/** Asking to withdraw or stop a closure that was already filed. */
const WITHDRAW = /撤销|撤回|取消|停止|停下|不想注销|别注销|不注销|反悔|\bcancel|\bwithdraw|\bstop\b|\brevoke|\bundo\b|\bchanged my mind\b|\bdon'?t want\b/;

/** The steering command a message gives, if any; a correction still needs the new value in the message. */
export function flowCommand(text: string): FlowCommand | undefined {
  const t = normalize(text);
  if (!t) return undefined;
  if (isCancel(t)) return 'cancel';
  if (START_OVER.some((p) => p.test(t))) return 'startOver';
  if (SLIP.test(t) || (CORRECTION.test(t) && VALUE_LIKE.test(t))) return 'correction';
  if (RESEND.some((p) => p.test(t))) return 'resend';
  return undefined;
}

const cancelClause = (clause: string) => CANCEL_PATTERN.test(clause) || NATURAL_CANCEL.some((p) => p.test(clause));

/**
 * "取消", "cancel", or leaving in natural words, also in several clauses that all say so ("算了，我还是不
 * 注销了", "I changed my mind, I'll keep my account").
 */
export function isCancel(text: string): boolean {
  const t = normalize(text);
  if (cancelClause(t)) return true;
  const clauses = t.split(/[,，。.!！;；]+/).map((c) => c.trim()).filter(Boolean);
  return clauses.length > 1 && clauses.some(cancelClause) && clauses.every((c) => cancelClause(c) || smallTalk(c) !== undefined);
}

/** The code did not arrive: send another one. */
export function isResendRequest(text: string): boolean {
  const t = normalize(text);
  return RESEND.some((p) => p.test(t));
}

/** Thanks, ok, bye and the like: the whole message is one of them. */
export function smallTalk(text: string): SmallTalk | undefined {
  const t = normalize(text);
  if (!t || !ONLY_SMALL_TALK.test(t)) return undefined;
  // A goodbye wins over the thanks before it, a thanks over the "ok" before it.
  return (['bye', 'thanks', 'ack'] as const).find((kind) => HAS_SMALL_TALK[kind].test(t));
}

export function isComplaint(text: string): boolean {
  return COMPLAINT.test(normalize(text));
}

export function isAboutSomeoneElse(text: string): boolean {
  return THIRD_PARTY.test(normalize(text));
}

/** A question about the step itself: where it sent something, or why it asks. */
export function askAboutStep(text: string): 'where' | 'why' | undefined {
  const t = normalize(text);
  if (WHERE_THIS_STEP.test(t)) return 'where';
  return WHY_THIS_STEP.test(t) ? 'why' : undefined;
}

export function isQuestion(text: string): boolean {
  return QUESTION.test(normalize(text));
}

export function isWithdrawRequest(text: string): boolean {
  return WITHDRAW.test(normalize(text));
}

/** "撤销注销申请", "stop my closure request": a request to withdraw one's own request, not a question about it. */
export function isWithdrawOwnRequest(text: string): boolean {
  const t = normalize(text);
  return WITHDRAW.test(t) && OWN_REQUEST.test(t) && !QUESTION.test(t);
}

/** The closure request id a message names, upper-cased as the wallet writes it. */
export function findRequestId(text: string): string | undefined {
  return REQUEST_ID.exec(text.normalize('NFKC'))?.[0].toUpperCase();
}
