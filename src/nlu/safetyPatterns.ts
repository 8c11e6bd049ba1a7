import type { SafetySignal } from './safety';

/**
 * Phrasings of money or an account at risk, as readable tables (see safety.ts for what each signal
 * means). Patterns run on NFKC-normalized, lower-cased Simplified Chinese. A scam is checked first:
 * "someone from support asked for my code" needs the warning about the code, whatever else it says.
 */

/** Someone who is not the person: a caller, a stranger, someone posing as support. */
const ZH_OTHER_PERSON = '(?:有人|有个人|有个|陌生人|对方|骗子|他们|他|她|自称|冒充|假冒|假装|打电话|来电|电话里|短信里|短信说|微信上|qq上)';
const ZH_SECRET = '(?:验证码|短信码|校验码|动态码|密码|支付密码)';
const EN_OTHER_PERSON =
  '(?:someone|somebody|a guy|a man|a woman|a lady|a person|a caller|the caller|caller|a call|a phone call|a text|a message|an sms|stranger|they|he|she|this person|an agent|support|customer service|im wallet|the bank)';
const EN_SECRET = '(?:verification code|security code|sms code|one[- ]time (?:code|password|pin)|otp|code|password|pin)';

export const SCAM_PATTERNS: RegExp[] = [
  // Someone asking for the code or the password.
  new RegExp(`${ZH_OTHER_PERSON}.{0,24}(?:要|索要|让我|叫我|问我要|要我|需要我|发给|告诉|提供|报给|念给).{0,10}${ZH_SECRET}`),
  new RegExp(`${ZH_SECRET}.{0,10}(?:告诉|发给|给|报给|念给)(?:他|她|对方|客服|他们|陌生人)`),
  // Posing as support, the bank or the police.
  /(?:自称|冒充|假冒|假装|声称是|说是|说他是|说她是).{0,8}(?:客服|工作人员|官方|im钱包|钱包|银行|警察|公安)/,
  // Being told to move money to a "safe account", or to close or transfer by a caller.
  /安全账户|安全帐户|保证金|解冻费|刷单|(?:客服|电话|短信|对方|他|她|有人|陌生人).{0,20}(?:让我|叫我|要我|要求我|让).{0,10}(?:把钱转|转账|转钱|转到|转出|汇款|注销|销户|下载|共享屏幕|屏幕共享)/,
  /诈骗|骗子|被骗|骗局|钓鱼/,
  new RegExp(`\\b${EN_OTHER_PERSON}\\b.{0,60}\\b(?:ask(?:ed|s|ing)?|want(?:ed|s)?|need(?:ed|s)?|told me to (?:give|send|share|read)|tell(?:ing)? me to (?:give|send|share|read)|request(?:ed|s|ing)?)\\b.{0,25}\\b(?:my|the|a|your|for)?\\s*${EN_SECRET}\\b`),
  new RegExp(`\\b(?:they|he|she|someone|somebody|caller)\\s+(?:want|wants|wanted|need|needs)\\s+(?:my|the)\\s+${EN_SECRET}\\b`),
  /\b(?:claim(?:ed|s|ing)?|pretend(?:ed|s|ing)?|posing|pose[sd]?|saying|said|says)\b.{0,20}\b(?:to be|as|they were|he was|she was|he is|she is|they are|from)\b.{0,15}\b(?:support|customer service|im wallet|the bank|staff|police)\b/,
  /\bsafe account\b|\bscam(?:med|mer|mers)?\b|\bphishing\b|\bfraudster/,
  /\b(?:told|telling|asked|asking|asks|wants?|wanted|urged|pressur(?:ed|ing))\s+me\s+to\s+(?:transfer|move|send|wire)\b.{0,25}\b(?:money|funds|balance|everything|it all|savings)\b/,
  /\bunless\s+i\s+(?:move|transfer|send|pay|give)\b/,
  // The code already given to someone: the money is at risk now, and the person must hear never to share it.
  new RegExp(`\\bi\\s+(?:already\\s+|just\\s+|accidentally\\s+)?(?:told|gave|sent|shared|read(?: out)?|texted|forwarded)\\s+(?:them|him|her|the caller|someone|somebody|a stranger|a caller|the guy)\\s+(?:my|the|a)?\\s*${EN_SECRET}\\b`),
  new RegExp(`\\b${EN_SECRET}\\b.{0,60}\\bi\\s+(?:already\\s+|just\\s+|accidentally\\s+)?(?:told|gave|sent|shared|read|texted|forwarded)\\s+(?:it\\s+to\\s+)?(?:them|him|her|the caller|someone|somebody|a stranger|a caller|the guy)\\b`),
  new RegExp(`${ZH_SECRET}.{0,12}(?:告诉|发给|报给|念给|说给|给)了?(?:他|她|对方|对面|他们|陌生人|那个人|骗子)`),
  new RegExp(`(?:电话|来电|对方|对面|有人|陌生人).{0,30}${ZH_SECRET}.{0,20}我(?:已经|刚刚|刚才|不小心)?(?:都)?(?:发过去|报过去|念出来|念给|告诉了|告诉他|给了|给他|发了|报了|说了)`),
];

export const MONEY_AT_RISK_PATTERNS: RegExp[] = [
  // A lost or stolen phone holds the wallet: whoever has it may be paying with it now.
  /手机.{0,4}?(?:被人)?(?:丢了|丢失了?|弄丢了|被偷了?|被盗了?|被抢了?|掉了|不见了)|\b(?:lost|stolen|misplaced)\s+(?:my\s+)?phone\b|\bphone\s+(?:was\s+|got\s+|has been\s+|is\s+)?(?:lost|stolen|missing)\b/,
  // Asking to freeze the account now is asking to stop someone.
  /(?:紧急|立即|立刻|马上|赶紧|赶快)冻结|帮我冻结|冻结(?:一下)?我的(?:钱包|账户|账号|帐户|帐号)|\b(?:freeze|lock|block)\s+(?:my\s+)?(?:account|wallet)\b/,
  /被盗|盗号|盗刷|被黑|被入侵|被(?:别)?人(?:在|正在)?(?:登录|登陆|盗|用了|用|动了|改了密码)|(?:别人|有人|陌生人)(?:在)?(?:登录|登陆|用|动|盗用|冒用)了?我的(?:账户|账号|帐户|帐号|钱包)/,
  /(?:钱(?!包)|余额|资金|存款|零钱).{0,8}(?:被转走|被划走|被扣|被偷|被盗|不见了|没了|少了|突然少|莫名其妙|不翼而飞|被人转|被转)/,
  /(?:被转走|被划走|被盗刷|被扣走|偷偷转走)了?.{0,6}(?:钱|元|块|余额)/,
  /(?:我(?:根本|从来|都|并|也)?没(?:有)?|不是我|并非我|非本人).{0,6}(?:操作|转账|转过|消费|支付|付款|花的|花过|买|授权|登录|登陆)/,
  /有人(?:正在|在)?(?:转|盗|刷|扣|偷|取)(?:我的)?(?:钱|余额)/,
  // The wallet or the account emptied, the password changed or the wallet used to pay by someone else ("被清空了吗" after closing asks about data).
  /(?:钱包|账户|账号|帐户|帐号|余额|资金|钱(?!包))(?:里)?(?:的)?(?:钱|余额|资金)?(?:都|全|全部)?被(?:人|别人)?(?:清空|掏空|刷光|刷空|转空|转光|取光|花光|盗空)(?!了?[吗么])/,
  /(?:有人|别人|陌生人|黑客)(?:偷偷)?把我(?:的)?(?:钱包|账户|账号|帐户|帐号)?(?:里)?(?:的)?(?:钱|余额|资金)(?:都|全)?(?:转走|转光|转空|刷光|刷走|偷走|盗走|取走|花光|清空|掏空)/,
  /(?:有人|别人|陌生人|黑客)(?:偷偷|擅自)?(?:改了|修改了|改掉了|重置了|换了)(?:我的)?(?:登录|支付|交易)?密码/,
  /(?:有人|别人|陌生人|黑客)(?:正在|在|一直在|一直|偷偷)?(?:用|拿|盗用)我的(?:钱包|账户|账号|帐户|帐号|卡)(?:在)?(?:付款|付钱|支付|消费|转账|买|刷|扣款|下单)/,
  /\b(?:hacked|compromised|taken over|hijacked)\b|\b(?:account|wallet|acct|password)\b.{0,20}\b(?:stolen|got stolen|was stolen|been stolen)\b|\bstole\s+my\s+(?:account|wallet|money|funds|password)\b/,
  /\b(?:transfers?|transactions?|payments?|charges?|withdrawals?|purchases?)\b.{0,40}\bi\s+(?:never|did not|didnt|did n't|have not|havent|don'?t remember)\s+(?:make|made|do|did|authori[sz]e|authori[sz]ed|approve|approved|recogni[sz]e)\b/,
  /\b(?:transfers?|transactions?|payments?|charges?|withdrawals?|purchases?)\b.{0,40}\bi\s+(?:do not|dont|don'?t|can ?not|can'?t)\s+recogni[sz]e\b|\bi\s+(?:do not|dont|don'?t|can ?not|can'?t)\s+recogni[sz]e\b.{0,30}\b(?:transfers?|transactions?|payments?|charges?|withdrawals?|purchases?)\b/,
  // Spending the person does not recognize ("多了几笔我不认识的支出"), as "unknown transactions" below.
  /(?:不认识|不认得|不明|陌生|莫名其妙|莫名|奇怪|可疑|未授权)的?(?:几笔|一笔|两笔|多笔|好几笔)?(?:支出|消费|扣款|扣费|交易|转账|付款|支付|订单)|多(?:了|出|出了)(?:几|一|两|好几|多)笔.{0,8}(?:支出|消费|扣款|扣费)/,
  /\b(?:unauthori[sz]ed|fraudulent|unknown|strange|weird|suspicious)\s+(?:transfers?|transactions?|payments?|charges?|withdrawals?|purchases?|logins?)\b/,
  /\b(?:money|funds|balance|savings)\b.{0,20}\b(?:gone|missing|disappeared|disappearing|vanished|vanishing|stolen|taken|drained|draining|dropped|dropping|emptied|being taken|moving out|leaving|going out)\b/,
  /\b(?:someone|somebody|a stranger|hackers?|they)\b.{0,30}\b(?:taking|took|stealing|stole|moving|moved|sending|sent|draining|drained|emptying|emptied|cleaning out|cleaned out|clearing out|cleared out|withdrew|withdrawing|transferring|transferred|spending|spent|using|used|logged into|logging into|got into|broke into)\b.{0,25}\b(?:my|the)\b.{0,15}\b(?:money|funds|balance|account|wallet|savings)\b/,
  // "wallet" is where the money is: emptied by someone, payments made by someone, the password changed by someone.
  /\b(?:wallet|account|acct|balance)\b.{0,15}\b(?:was|got|been|is being|being|were)\s+(?:emptied|drained|cleaned out|cleared out)\b/,
  /\b(?:someone|somebody|a stranger|strangers|hackers?)(?:\s+else)?\b.{0,30}\b(?:changed|reset|changing|resetting)\s+(?:my|the)\s+(?:password|pin|passcode|login|phone number|email)\b/,
  // Money coming in ("someone made a payment to me") is no risk.
  /\b(?:someone|somebody|a stranger|strangers|hackers?)(?:\s+else)?\b.{0,20}\b(?:making|made|makes|doing|did)\s+(?:\w+\s+){0,2}(?:payments?|transfers?|purchases?|charges?|withdrawals?|transactions?)\b(?!.{0,20}\b(?:to|into)\s+(?:me|my)\b)/,
  /\b(?:payments?|transfers?|purchases?|charges?|withdrawals?|transactions?)\b.{0,40}\b(?:by|that|which)\s+(?:someone|somebody)\s+else\b/,
];

/**
 * Asking how security works around closing ("should I check for unauthorized transactions before
 * closing?"), worrying about what might happen ("怕账户被盗", "worried about getting hacked") or
 * telling what happened once ("被盗过") is a knowledge question, not an emergency.
 */
export const SAFETY_QUESTION_VETO =
  /(?:注销|销户|关闭|删号).{0,6}(?:前|之前|以前)|(?:怎么|如何|怎样)(?:检查|查看|查|确认|防止)|怕|担心|害怕|防止|以防|万一|被盗过|被黑过|好多人|很多人|大家|\b(?:before)\s+(?:closing|i close|deleting|cancell?ing|shutting|deactivating|terminating|i delete|i cancel)|\bhow (?:do|can|should) i (?:check|make sure|know|prevent)\b|\b(?:should|do) i (?:check|change)\b|\b(?:worr(?:y|ied|ying)|afraid|in case|prevent|reasons?|getting hacked|get hacked)\b/;

/** Money moving or the account used: payments, charges, logins, its password changed, control of it. */
const MONEY_EVENT =
  /钱(?!包)|余额|密码(?:被)?(?:改|换|重置)|改了(?:我的)?密码|\bpassword\b.{0,20}\b(?:changed|reset)\b|\b(?:changed|reset) my password\b|资金|消费|扣款|扣了|扣钱|付款|支付|转账|转走|转出|刷了|刷走|登录|登陆|设备|控制|\b(?:payments?|paid|purchases?|buying|bought|charges?|charged|transactions?|transfers?|transferred|withdrawals?|withdrew|money|funds|balance|logged in|logging in|login|log in|signed in|devices?|control|spent|spending|orders?)\b/;

/** The person says it was not them: "不是我", "我什么都没做", "not mine", "i did nothing". */
const NOT_ME =
  /不是我|非本人|不是本人|我(?:什么|啥)?都没(?:做|干|动|操作|碰|买)|我(?:根本|从来|明明)?没(?:有)?(?:操作|动过|做过|买过|消费过|登录过|转过)|\b(?:not mine|not me|wasn'?t me|weren'?t me|i did nothing|i didn'?t do (?:it|anything|that|this)|i never did|not by me|without my (?:permission|consent|knowledge|approval))\b/;

/** Someone else acting on the account: 被别人, a stranger's device, "someone keeps …", "a new device". */
const STRANGER_ACTS =
  /被(?:别人|他人|陌生人|人|黑客|盗)|(?:陌生|不明|未知|异地|陌生的)(?:人|设备|手机|地点|ip|账号)|\b(?:someone|somebody|a stranger|strangers|hackers?|an unknown (?:device|person|phone)|unknown (?:devices?|people|logins?)|a new device|another device)\b/;

/** Money coming in, or paid to someone on purpose ("someone sent me a payment", "转给我"): no risk. */
const INCOMING = /\b(?:to me|sent me|paid me|gave me|into my|i sent|i paid)\b|转给我|给我转|打给我|收到(?:了)?(?:一笔|钱|转账|款)/;

/** Asking how to do something ("转账给别人怎么操作") or whether others could ("can someone see …") is a question, however it names others. */
const ASKS_HOW_OR_WHETHER = /怎么|如何|怎样|会不会|能不能|还能|可能会|是否|\bhow (?:do|can|to|should)\b|\b(?:can|could|will|would|might)\s+(?:someone|somebody|strangers|hackers|anyone|others)\b/;

/**
 * Money at risk however it is worded: money moving or the account used, with the person saying it
 * was not them, or someone else doing it. The patterns above name the common forms; this reads the
 * grammar of the rest.
 */
function moneyAtRiskByGrammar(text: string): boolean {
  if (!MONEY_EVENT.test(text) || INCOMING.test(text)) return false;
  return NOT_ME.test(text) || (STRANGER_ACTS.test(text) && !ASKS_HOW_OR_WHETHER.test(text));
}

/** The safety signal of a message (already normalized), if any. */
export function safetySignal(text: string): SafetySignal | undefined {
  if (SCAM_PATTERNS.some((p) => p.test(text))) return 'scam';
  if ((MONEY_AT_RISK_PATTERNS.some((p) => p.test(text)) || moneyAtRiskByGrammar(text)) && !SAFETY_QUESTION_VETO.test(text)) return 'money_at_risk';
  return undefined;
}
