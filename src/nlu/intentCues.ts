/**
 * Cues of the grammar of a request, whatever its words: who did what and when, whether it asks or
 * tells, whether a reference number is given. They are features of the intent classifier
 * (src/nlu/intentClassifier.ts) and the evidence its calibration (src/nlu/recognizer.ts) asks for:
 * a question about the person's own filed request reads differently from a question about closing
 * in general ("I submitted it on tuesday, did it work" against "how long does it take"), and an
 * instruction differently from asking how. Patterns run on NFKC-normalized, lower-cased Simplified Chinese.
 */

/**
 * One pattern that matches where any of `parts` does: a long alternation kept as readable lines. A
 * part's back-references (\\1) are renumbered past the groups of the parts before it.
 */
export function anyOf(...parts: RegExp[]): RegExp {
  let groups = 0;
  const sources = parts.map((p) => {
    const source = groups === 0 ? p.source : p.source.replace(/\\(\d)/g, (_, n: string) => `\\${Number(n) + groups}`);
    groups += new RegExp(`${p.source}|`).exec('')!.length - 1;
    return source;
  });
  return new RegExp(sources.join('|'));
}

export const CUES = [
  'reference',
  'own-step',
  'elapsed',
  'asks-state',
  'still',
  'why-still',
  'my-closure',
  'generic',
  'asks-can-close',
  'reports-done',
  'question',
  'asks-how',
  'what-to-do',
  'instruction',
  'desire',
  'done-with-it',
  'refuses-closing',
] as const;
export type Cue = (typeof CUES)[number];

/** A case, request or reference number: letters and digits ("CL-20931", "zx8837201") or digits after a word for one. */
const REFERENCE = anyOf(
  // Chinese
  /(?:编号|单号|申请号|受理号|工单|流水号|参考号|\b(?:request|ref(?:erence)?|case|ticket|application|confirmation|closure|closing|deletion|cancell?ation|tracking)\s*(?:id|no\.?|number|#)|\bid\b|\bref\b\.?|#)\s*(?:is\s+)?[:：#]?\s*[a-z]*-?\d{4,}/,
  // English
  /(?:^|[^a-z0-9])[a-z]{1,4}-?\d{4,}(?![a-z0-9])/,
);

/**
 * The person tells of a step they took: submitted, sent, clicked, confirmed, applied (perfective 了/过,
 * not 了就, "once clicked",
 * a past tense with "I", or a step with no subject at a message's start: "just confirmed via email").
 */
const OWN_STEP = anyOf(
  // Chinese
  /(?:提交|送出|递交|发出|交|申请|点|点击|按|打开|确认|办|填|操作)(?:了|过|完了|好了)(?!就)|(?:已经|已)(?:提交|申请|确认|点|按|办|发|交)/,
  /我(?:申请|提交|注销|销户|确认|点)(?:过)?的/,
  // English
  /\b(?:i|i've|i have|we|i already|i just)\s+(?:already\s+|just\s+)?(?:submitted|sent|clicked|tapped|pressed|hit|confirmed|requested|applied|filed|did|made|put in|asked|opened|followed|verified|completed|finished)\b/,
  /(?:^|[,.;!]\s*)(?:\w+,?\s+)?(?:just\s+|already\s+)?(?:submitted|sent|clicked|tapped|pressed|confirmed|requested|applied|filed|did|made|verified|followed|completed|put in)\s+(?:my|the|it|a|an|everything|all|via|through|on)\b/,
  /\b(?:submitted|filed|sent|clicked|confirmed) (?:it|the|my|via|through|on)\b/,
);

/** Time since a step: "三天了", "提交了一周", "an hour ago", "from tuesday", "since last week". */
const ELAPSED = anyOf(
  // Chinese
  /(?:[0-9一二两三四五六七八九十几半]+|好几|这么多)(?:个)?(?:分钟|小时|天|日|周|星期|礼拜|个月|月)(?:了|多了|还(?!是)|都)/,
  /(?:了|过)(?:[0-9一二两三四五六七八九十几半]+|好几)(?:个)?(?:分钟|小时|天|周|星期|礼拜|月)|昨天|前天|上周|上个月|上星期|上礼拜|前几天|几天前/,
  /(?:上|这)?(?:周|星期|礼拜)[一二三四五六日天]|早就该|早该/,
  // English
  /\b(?:been\s+)?(?:an?|one|two|three|four|five|six|seven|\d+|few|couple of|several)\s+(?:hours?|days?|weeks?)\s+since\b/,
  /\b(?:it'?s|it has|has) been\s+(?:an?|one|two|three|four|five|six|seven|\d+|few|a few|several)\s+(?:hours?|days?|weeks?)\b/,
  /\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+|few|couple of|several)\s+(?:minutes?|hours?|days?|weeks?|months?)\s+(?:ago|back)\b/,
  /\b(?:from|since|on|last|this)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last week|the weekend|week|month|night|morning|evening|afternoon)\b/,
  /\b(?:yesterday|earlier today|the other day|by now)\b|\bsince (?:the )?\d{1,2}(?:st|nd|rd|th)\b/,
  /(?<!\b(?:by|before|until|till|next|this)\s)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/,
);

/** Asks where something stands now: done yet, did it work, processed, where is it at. */
const ASKS_STATE = anyOf(
  /\bhow(?:'?s| is| are)\b.{0,40}\bgoing\b|\bcoming along\b/,
  // Chinese
  /(?:处理|办|弄|搞|走|审核|注销|销户|销|删|关|完成|生效|通过|成功|好)(?:好|完|成|掉|定)?(?:了)?(?:没|没有|吗|了吗|了没)/,
  /(?:了|定|好|完)未(?=$|[\s,，。.!！?？呀啊呢])|(?:是不是|是否|有没有)(?:已经)?(?:注销|销户|关|删)(?:掉|成功|好)?了/,
  /(?:处理|办|进行|走)到(?:哪|什么|啥)|到哪一步|到哪了|进度|进展|状态|(?:现在|目前)怎么样|(?:有|出)结果|有消息|怎么样了|咋样了|什么情况|跟进|([\u4e00-\u9fff])没\1|查一下|查下|查查/,
  // English
  /\b(?:did (?:it|that|this|u|you)|has (?:it|that|this)|is (?:it|that|this)|was (?:it|that|this))\s+(?:\w+\s+)?(?:work|worked|go through|gone through|went through|go thru|gone thru|went thru|processed|done|complete|completed|finished|closed|approved|received|get|got|been|over|gone)\b/,
  /\b(?:is|has|was)\s+(?:the|my)\b.{0,30}\b(?:complete|completed|done|finished|processed|approved|through|closed|deleted|over)\b/,
  /\bdid\s+(?:the|my)\b.{0,30}\b(?:go thr(?:ough|u)|get (?:processed|done|approved|through|closed)|work|succeed|finish|complete|happen|fail)\b/,
  /\bdid (?:it|that|this) fail\b|\bfollow(?:ing)?[ -]up\b|\bwhat(?:'s| is) (?:happening|going on)\b/,
  /\bwhat happened\b|\bdid (?:u|you|they) (?:receive|get)\b/,
  /\b(?:whether|if) (?:my|the) (?:\w+\s+)?(?:account|acct|wallet|closure|request|deletion)\b.{0,20}\b(?:closed|deleted|processed|approved|done|completed|gone through|went through)\b/,
  /\b(?:went|gone|go) thr(?:ough|u)\b(?=[^,.;]*\?)|\bcheck (?:it|on it|that|this)\b|\bany word\b/,
  /\b(?:status|progress|update|any news|yet)\b|\bwhere (?:is|are|does) (?:it|my|the)\b|\bhow far\b/,
  /\b(?:closed|done|finished|through|gone|deleted|approved) or not\b/,
);

/**
 * The account or request is still in a state it should have left: still active, 还在处理, 还能登录, stuck.
 * Not "can I still …" or "还能提出来吗": those ask what remains possible.
 */
const STILL = anyOf(
  // Time gone by since, told as a complaint ("已经五天了", "it's been 5 days since").
  /(?:申请|提交|交|等|确认)[^,，。.!！?？\s]{0,6}(?:已经|都)(?:快)?(?:[0-9一二两三四五六七八九十几半]+|好几)(?:个)?(?:小时|天|周|星期|礼拜|月)了/,
  /\b(?:it'?s|it has) been\s+\S+\s+(?:hours?|days?|weeks?)\s+since\b/,
  // Chinese
  /还(?:在|没|显示)|还是(?:没|不|在|显示|一样|老样子|能|可以|处理|审核|待|进行|正常|原样)|(?:居然|竟然)还|还(?:能|可以)?(?:进|登|用|打开)得(?:去|进去|上|了|进)/,
  /还(?:能|可以)(?:登|用|付|打开|进|正常|看到我的|收到)|仍(?:然)?(?:在|是|没)|一直(?:在|是|没|显示)|依然|卡住|卡在|卡了/,
  /(?:动静|消息|反应|结果|进展|回音)(?:都|也|还)?没(?:有)?|没(?:有)?(?:回音|回复|答复)/,
  // English
  /\b(?:and|but|still|yet) nothing\b|\b(?:been|still|kept|keep) waiting\b/,
  /\b(?:have ?n'?t|have not|not|never) heard (?:back|anything)\b/,
  /\bno (?:reply|response|word) (?:yet|since)\b/,
  /\b(?:says|shows|showing|stuck|is|it'?s)\s+(?:\w+\s+){0,3}(?:under review|in review|pending|processing|in progress)\b/,
  /\bstill\s+(?:says|shows|showing|see|seeing|active|open|there|here|working|works|pending|processing|waiting|usable|exists|alive|the same|not|in (?:review|progress)|(?:able to|can) (?:log|sign|use|pay|see|open)|(?:log|logged|sign|signed) in)\b/,
  /\b(?:is|it'?s|account|wallet|app) still\b|\bstuck\b|\bnot (?:yet|closed|done|gone)\b/,
  /\bnothing (?:has )?(?:changed|happened)\b|\bno change\b/,
);

/** Asks why it is still so ("怎么还能登录", "why is it still active"): after one's own step, it asks why the request is not done. */
const WHY_STILL = /(?:怎么|为什么|为啥|咋)[^，,。.？?！!\s]{0,12}(?:还|仍|依然)|\bwhy\b.{0,30}\b(?:still|yet)\b|\bwhy (?:has ?n'?t|is ?n'?t|has not|is not)\b|\bhow come\b.{0,30}\bstill\b/;

/** The person tells that closing is done ("closed my account last month", "已经注销了"): what follows asks about after it. */
const REPORTS_DONE = anyOf(
  // Chinese
  /(?:已经|已)(?:注销|销户)(?:成功|完成|好)?了|(?:注销|销户)(?:成功|完成|好)了(?![吗么没])/,
  // English
  /\b(?:i |we )?(?:closed|deleted|cancell?ed) (?:my|the|our) (?:im )?(?:wallet |account|acct|wallet)\b/,
  // Not asked whether it did ("can you confirm it went through").
  /(?<!\b(?:confirm|whether|if|check|know|see)\s+(?:that\s+)?(?:it|this|that|my \w+|the \w+)\s+)\b(?:went|gone) thr(?:ough|u)\b(?![^,.;]*\?)/,
);

/** The person's own closure or request: "my closure", "the closure of my acct", "我的注销申请". */
const MY_CLOSURE = anyOf(
  // Chinese
  /(?:我的|我个(?!人))(?:.{0,4}|\s*(?:[a-z]+\s+){0,2})(?:注销|销户|申请|请求|closure|request)/,
  // English
  /\b(?:my|our)\s+(?:\w+\s+){0,2}(?:closure|request|application|deletion|cancell?ation|termination|deactivation)\b/,
  /\b(?:closure|deletion|cancell?ation|termination|deactivation|request) of my\b/,
  /\b(?:whether|if) my (?:im )?(?:wallet |account|acct|wallet)\b/,
);

/**
 * Asked about closing in general: how long it usually takes, what people do, what a state means,
 * what comes before it (注销之前); not 之前 as a time of one's own step ("之前已经申请了").
 */
const GENERIC = anyOf(
  // Chinese
  /一般|通常|平时|大概要|要多久|多长时间|多少天|很多人|别人|有的人|影响|(?<=[\u4e00-\u9fff])(?:之前|以前)(?!已经|已|我|就|申请|提交|办|点)|才算|算是|就算/,
  /什么意思|啥意思/,
  // Not filed yet: whatever is asked is about closing in general.
  /还没(?:开始|申请|提交)(?:注销|销户)?/,
  // English
  /\b(?:usually|normally|typically|in general|generally|on average|most people|how long (?:does|do|will|would|is)|how many days|affect|affects|before|what does (?:it|that|this) mean|what do(?:es)? \w+ mean)\b/,
  /\b(?:roughly|approximately)\b|\bha(?:ve)?n'?t (?:started|applied|submitted|filed)(?: yet)?\b|\bhave not (?:started|applied|submitted|filed)\b/,
);

/** Asks whether closing now or later would be possible or what it would do: the person has not filed ("can i close anyway", "现在注销会不会…"). */
const ASKS_CAN_CLOSE = anyOf(
  // Chinese
  /(?:能|可以|能不能|可不可以)(?:直接|现在|先)?(?:注销|销户)(?:吗|不|么)|(?:能不能|可不可以)(?:直接|现在|先)?(?:注销|销户)/,
  /(?:现在|如果|要是|万一)(?:就)?(?:注销|销户)(?!完|好|了|成功|掉了)|(?:注销|销户)(?:会不会|的话|了会)/,
  // English
  /\b(?:can|could|may|should) i (?:still |just |now )?(?:close|delete|cancel|deactivate)\b/,
  /\bif i (?:close|delete|cancel)\b/,
);

/** A question in form: a question word, a question particle or a question mark. */
const QUESTION = anyOf(
  // Chinese
  /吗|么|呢|怎么|如何|怎样|什么|啥|咋|为什么|为啥|哪|多久|多长|是否|能不能|会不会|可不可以|要不要|是不是|有没有/,
  // English
  /[?？]/,
  /\b(?:how|what|whats|when|why|where|which|will|does|do i|do you|did|is it|is there|are there|should|would it|if|whether|can i|could i|can u|can you)\b/,
);

/** Asks how, or what happens: the knowledge base's questions. */
const ASKS_HOW = /怎么|如何|怎样|哪里|在哪|步骤|流程|会不会|会怎样|\bhow (?:do|can|to|should|does)\b|\bwhat (?:happens|if|do i|should)\b|\bsteps?\b|\bprocess\b/;

/** Asks what to do now ("卡住了 咋整", "what do i do now"): a problem to solve, whatever it tells. */
const WHAT_TO_DO = /咋整|咋办|怎么办|怎么整|怎么搞|\bwhat (?:do|should|can) i do\b|\bwhat are my options\b/;

/**
 * An instruction to close: the closing verb at the end of a clause with a perfective or a particle
 * ("注销掉", "帮我关了吧"), or an English clause that opens with a verb and no subject ("make it go away",
 * "get rid of it", "ditch this wallet").
 */
const INSTRUCTION = anyOf(
  // Chinese
  // The closing verb alone after a told reason ("不想用了，注销"); not after a keyword and a space ("身份验证 注销").
  /[,，.。!！;；](?:注销|销户|销号|删号)(?:吧|掉|了吧|掉吧)?[!！。.]*$/,
  /(?:^|[,，.。!！;；\s])(?:请)?(?:注销|销户|关闭|关掉|删除|删掉)(?:我的|这个|我这个)(?:im)?(?:钱包)?(?:账户|账号|帐户|帐号|钱包)/,
  /(?:注销|销户|关|删|停|销|弄|搞|处理|作废|撤|去掉|清)(?:掉|了吧|掉吧|吧|了事)(?:[\s,，.。!！~～]|$)/,
  // English
  /(?:^|[,，.。!！;；]\s*|(?<!\bto\s)\bjust\s+|\bso\s+)(?:just\s+|please\s+|pls\s+|now\s+)?(?:make|get|take|have|let|close|delete|remove|cancel|ditch|dump|drop|kill|end|wipe|erase|shut|terminate|deactivate|nuke|scrap|trash|axe|bin|lose|zap)\s+(?:it|this|that|my|the|rid|me|everything)\b/,
);

/** A wish or a directive: 我要, 帮我, 直接, please, i want. */
const DESIRE = anyOf(
  // Chinese
  /我要|我想|我希望|我决定|我打算|帮我|帮忙|给我|替我|(?<!申)请|麻烦|唔该|直接|赶紧|马上|立刻|快点|求求/,
  // English
  /\b(?:i\s*(?:want|wanna|need|would like|'d like|have decided|decided|'ve decided)|please|pls|plz|kindly|go ahead|let'?s)\b/,
  /^(?:wanna|want to|gonna|need to)\b/,
);

/** Done with the wallet itself (a reason to close, said before the request): "不想要这个钱包了", "dont want this wallet anymore". */
const DONE_WITH_IT = anyOf(
  // Chinese
  /不(?:想|再)?(?:要|用|玩|需要)(?:这个|那个|了)?.{0,6}(?:钱包|账户|账号|帐户|帐号|户口|app)?了/,
  /(?:钱包|账户|账号|帐户|帐号).{0,4}(?:不要了|不用了|没用了)/,
  // English
  /\b(?:do not|don'?t|dont|no longer|never)\s+(?:want|need|use)\s+(?:this|the|my|it|that)\b.{0,20}\b(?:anymore|any more|again)\b/,
  /\b(?:done with|finished with|over|through with|sick of|tired of|fed up with)\s+(?:this|the|it|im|my)\b/,
);

/** Closing itself refused: "先不注销", "I don't want to close it". */
const REFUSES_CLOSING = anyOf(
  // Chinese
  /(?:不想|不要|别|先不|暂时不|不打算|不准备|不用)(?:再)?(?:给我|帮我)?(?:把.{0,8})?(?:注销|销户|删|关)/,
  // English
  /\b(?:do not|don'?t|dont|not|never)\s+(?:(?:want|wanna|need|plan|intend|going)\s+(?:to\s+)?)?(?:close|delete|cancel|deactivate|terminate|remove)\b/,
);

const PATTERNS: Record<Cue, RegExp> = {
  reference: REFERENCE,
  'own-step': OWN_STEP,
  elapsed: ELAPSED,
  'asks-state': ASKS_STATE,
  still: STILL,
  'why-still': WHY_STILL,
  'my-closure': MY_CLOSURE,
  generic: GENERIC,
  'asks-can-close': ASKS_CAN_CLOSE,
  'reports-done': REPORTS_DONE,
  question: QUESTION,
  'asks-how': ASKS_HOW,
  'what-to-do': WHAT_TO_DO,
  instruction: INSTRUCTION,
  desire: DESIRE,
  'done-with-it': DONE_WITH_IT,
  'refuses-closing': REFUSES_CLOSING,
};

/** The cues a message (normalized) shows. */
export function cuesOf(text: string): Set<Cue> {
  return new Set(CUES.filter((cue) => PATTERNS[cue].test(text)));
}
