/**
 * Phrasings of the intents that are requests rather than questions. Kept as readable tables so a
 * support lead can see why a message was routed where it was; tests in test/unit/recognizer.test.ts
 * pin the behaviour. Patterns run on NFKC-normalized, lower-cased text.
 */

import { anyOf } from './intentCues';

const ZH_CLOSE = '(?:(?<=[\u4e00-\u9fff])(?:close|delete|deactivate|cancel)掉?|(?:close|delete)掉|注销|销户|删号|销号|注消|消户|关闭|关掉|删除|删掉|停用|注销掉|销掉|(?:关|销|删)(?=了|掉))';
/** "account" and its common misspellings. */
const EN_ACCOUNT = '(?:account|acct|acc|acount|accout|accnt|acconut|accunt|accoutn)';
const EN_CLOSE = '(?:close|delete|delet|cancel|deactivate|terminate|shut\\s*down|shut|nuke|remove|get\\s+rid\\s+of|closing)';

/** A person asking to speak to a human. */
export const HANDOFF_PATTERNS: RegExp[] = [
  /(?:转|找|接|要|让|换|叫|安排)(?:一下|一个|个|下)?(?:你们|你们的|贵司的?)?(?:人工|专人)|人工客服|人工服务|人工坐席|人工在吗|人工处理|人工(?:出)?来|人工!|^(?:人工[\s,，!！]*)+$|真人|活人|坐席|客服人员|客服小姐姐|客服专员|工作人员|服务人员/,
  /(?:我要|我想|给我|帮我|请|麻烦)(?:找|转|接|联系|叫)?(?:一下|个)?(?:你们)?(?:的)?客服(?!电话|热线|邮箱|渠道|方式)/,
  /(?:跟|和|找)(?:真)?人(?:聊|说|谈|沟通)|(?:找|换|来|叫)个(?:真)?人(?:来|跟|和|聊|说|吧|过来)|(?:别|不要|不想)(?:再)?(?:用|跟|和)?(?:这个)?机器人/,
  /(?:客服|工作人员|人工|员工)(?:人员)?(?:来|过来)?(?:跟|和|与|给)我(?:聊|说|谈|沟通|交流|联系|对接|打电话|回电)/,
  /\b(?:human|real person|real people|live (?:agent|person|chat|support)|(?:an? |your )?(?:support )?agent\b|representative|operator|somebody real|someone real)/,
  /\b(?:talk|speak|chat|communicate)\s+(?:to|with)\s+(?:a |an |some |your )?(?:actual |real )?(?:person|people|someone|somebody|support|staff|team\b|customer service|service rep|rep\b)/,
  // Being called back by a person: asked for, not asked about ("will someone call me after closing?" is a question).
  /(?:让|叫|安排|派)(?:一?个)?(?:你们的?)?(?:客服|人工|工作人员|员工|专人)(?:人员)?.{0,6}(?:给我|跟我|和我|联系我|打给我|回电|回个电话|打电话|打个电话|来电)/,
  /(?:请|麻烦|能不能|可不可以|可以|能|希望|我要|我想)(?:你们)?(?:尽快)?(?:给我|帮我)?(?:回(?:个|一个)?电话|回电|打(?:个|一个)?电话给我|给我打(?:个|一个)?电话)/,
  /\b(?:call|ring|phone)\s+me\s+back\b|\ba call\s*back\b|\b(?:please|pls|can|could|would)\s+(?:you\s+|someone\s+|somebody\s+|an agent\s+|a person\s+|(?:someone|somebody) from (?:your |the )?\w+\s+)?(?:call|ring|phone|contact)\s+me\b|\b(?:like|want|need|have|get)\s+(?:someone|somebody|an agent|a person|a human|staff|support|your team)\s+(?:to\s+)?(?:call|ring|phone|contact|reach out to|get back to)\s+me\b/,
  /\b(?:transfer|connect|put)\s+me\s+(?:to|through|with)\b/,
  /(?:跟|和|与|同)(?:你们)?(?:的)?(?:客服|工作人员|员工|人工|真人|专人).{0,4}(?:沟通|聊|说|谈|交流|联系|对话)|你们的人|(?:换|来|叫|找)个(?:活的|活人|人来|人吧)/,
  /\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:your\s+)?customer\s+(?:support|service|care)\b|\bsomeone\s+(?:who works|from)\s+(?:there|your (?:team|company|side))\b/,
  /\b(?:get|give|find)\s+me\s+(?:a\s+|an\s+|some\s+)?(?:real\s+)?(?:person|someone|somebody|human|agent|rep)\b/,
  /\b(?:someone|somebody|a person|a human|anyone|anybody)\s+(?:real\s+)?(?:i|we)\s+(?:can|could)\s+(?:\w+\s+)?(?:talk|speak|chat)\s+(?:to|with)\b/,
  // Someone in charge (a complaint alone is acknowledged first, in dialogs/mainDialog.ts).
  /(?:找|叫|要|让|请|跟|和|同)(?:你们)?(?:的)?(?:负责人|经理|主管|领导|上级)|\b(?:talk|speak|chat|get|want|need|see)\b.{0,15}\b(?:manager|supervisor|someone in charge)\b/,
];

/** A person asking where their own closure request stands. */
export const STATUS_PATTERNS: RegExp[] = [
  new RegExp(`(?:${ZH_CLOSE}|申请|请求).{0,6}(?:进度|进展|状态|到哪一步|到哪了|结果|(?:办好|办完|处理好|处理完|通过|成功|完成|生效|好)了?(?:吗|没有|没|了)|怎么样了|咋样了|还在处理|处理得怎么样|处理了吗)`),
  new RegExp(`(?:账户|账号|帐号|帐户|钱包).{0,4}(?:${ZH_CLOSE})(?:掉)?(?:完成|成功|好|完)?了(?:吗|没有|没)`),
  new RegExp(`^(?=.*(?:${ZH_CLOSE}|申请|请求|账户|账号|帐号|帐户|钱包)).*(?:进度|进展|到哪一步|到哪了|办到哪)`),
  new RegExp(`^(?:我的)?(?:账户|账号|帐号|帐户)?(?:已经)?${ZH_CLOSE}(?:成功|好|完)?了(?:吗|没有|没)[?？]*$`),
  // Whether my own account is closed yet ("我的账户是不是已经注销了").
  new RegExp(`我的(?:im)?(?:钱包)?(?:账户|账号|帐号|帐户|钱包)(?:现在)?(?:是不是|是否|有没有)(?:已经)?${ZH_CLOSE}`),
  /(?:已经|已|之前|刚才|刚刚|昨天|前天|上周|上次|前几天|几天前)(?:提交|申请|办理|点了|确认).{0,24}(?:怎么|还没|没|吗|了没|好了|审核)/,
  new RegExp(`(?:${ZH_CLOSE}|申请).{0,12}(?:还在审核|审核中|在审核|审核通过|审核完)`),
  new RegExp(`(?:${ZH_CLOSE}|申请).{0,10}(?:还没|还是没|一直没|怎么还没|迟迟没|都没)(?:有)?(?:好|完成|处理|通过|成功|办好|办妥|下来|动静|结果|消息|生效|弄好|弄完|搞好|搞定|批)`),
  /\b(?:status|(?<!in )progress|track|tracking)\b.{0,40}\b(?:closure|closing|request|application|account|deletion|close|cancell?ation|deactivation|termination)\b/,
  /\b(?:closure|closing|request|application|deletion|close|cancell?ation|deactivation|termination)\b.{0,40}\b(?:status|(?<!in )progress)\b/,
  /\b(?:has|did|is|was)\s+my\s+(?:closure|account closure|request|closure request|application|account deletion|(?:delete|deletion|close|closing|cancell?ation|deactivation) request)\b.{0,30}\b(?:gone through|go through|processed|approved|done|completed?|finished|through|closed)\b/,
  /\b(?:already|yesterday|last week|earlier|days ago)\b.{0,40}\b(?:submitted|requested|applied|filed)\b/,
  /\b(?:submitted|requested|filed)\b.{0,40}\b(?:closure|close|deletion)\b.{0,40}\b(?:yet|still|update|now|what next|happened)\b/,
  /\bi\s+(?:submitted|filed|sent|made|requested|put in)\b.{0,40}\b(?:request|closure|deletion|application|cancell?ation)\b.{0,40}\b(?:gone through|go through|processed|done|approved|yet|update|status|happened|complete|completed|finished)\b/,
  /\b(?:check(?:ing)?|look(?:ing)?)\s+(?:on|up|in on|into)\s+(?:my|the)\b.{0,30}\b(?:request|closure|application|deletion|cancell?ation|deactivation|termination)\b/,
  /\b(?:still\s+)?(?:waiting|been waiting)\s+(?:on|for)\s+(?:my|the)\b.{0,30}\b(?:request|closure|application|deletion|cancell?ation|deactivation|termination)\b/,
  /\bwhere\s+(?:is|are)\s+my\b.{0,20}\b(?:request|closure|application|deletion|cancell?ation|deactivation)\b/,
  // Withdrawing one's own request starts from its status, which offers the cancel.
  new RegExp(`^(?:请|帮我|我要|我想|麻烦)?(?:取消|撤回|撤销)(?:我的|掉)?(?:${ZH_CLOSE})?(?:申请|请求)(?:吧|了)?[!！。.]*$`),
  /^(?:please\s+|i (?:want|need|would like|'d like) to\s+)?(?:cancel|withdraw|revoke|undo|stop)\s+(?:my|the)\s+(?:account\s+)?(?:closure|closing|deletion|cancell?ation|deactivation|close)\s+(?:request|application)(?:\s+please)?[.!]*$/,
  /\b(?:is|has|was|did)\s+(?:my|the)\s+(?:im\s+)?(?:wallet\s+)?(?:account|wallet)\s+(?:been\s+|really\s+|already\s+|(?:actually\s+)?(?:get|got)\s+)?(?:closed|deleted|cancel+ed|deactivated|shut down|removed|gone)\b/,
  /\bdid\s+(?:my|the)\b.{0,30}\b(?:go through|get processed|get approved|work out|succeed|complete)\b/,
  /\bany\s+(?:updates?|news|word|progress)\b.{0,40}\b(?:closure|closing|request|account|deletion|cancell?ation|deactivation|termination|application)\b/,
];

/**
 * A request however it is worded: a wish or an instruction ("给我", "赶紧", "please get … closed")
 * together with the closing concept and the account (see the recognizer), where no pattern above
 * knows the verb. START_VETO still turns a question about closing into a question.
 */
export const REQUEST_MARKER = anyOf(
  // Chinese
  /我要|我想|我希望|我决定|我打算|帮我|给我|替我|把|(?<!申)请|麻烦|赶紧|马上|立刻|直接|快点|(?:吧|啦)[!！。.]*$/,
  // English
  /\b(?:i\s*(?:want|wanna|need|would like|'d like|have decided|decided|'ve decided|am done|'m done)|please|pls|plz|kindly|go ahead|let'?s|do it)\b/,
  /\bget\s+(?:my|the|this|it)\b.{0,30}\b(?:closed|deleted|cancell?ed|deactivated|terminated|shut down|removed)\b/,
);

/**
 * The mood of a message, which decides whether a message near a request example is meant as one
 * (src/nlu/intentModel.ts finds the nearest example; these calibrate it). A question in form has a
 * question word, a question particle, a question mark or a clause ending in 不 after 能 ("能直接注销不").
 */
export const QUESTION_MOOD = anyOf(
  // Chinese
  /吗|么|呢|(?:能|可以|会|行)[^,，。.!！?？\s]{0,10}不(?=$|[,，。.!！?？\s])|怎么|如何|怎样|什么|啥|咋|为什么|为啥|哪|多久|多长|是否|能不能|会不会|可不可以/,
  /要不要|是不是|有没有/,
  /([\u4e00-\u9fff])不\1/,
  // English
  /[?？]/,
  /\b(?:how|what|whats|when|why|where|which|will|does|do i|do you|did|is it|is there|are there|should|would it|if|whether|can i|could i)\b/,
);

/** Words that say how something is asked, not what: the intent model leaves them to the calibration. */
export const MOOD_WORDS =
  /\b(?:(?:can|could|would|will) you(?: please)?|help me(?: to)?|kindly|please|pls|plz|go ahead and|go ahead|let'?s|i (?:want|need|would like|'d like) to)\b|我要|我想要|我想|我希望|帮我|帮忙|麻烦|给我|替我|(?<!申)请/g;

/** A request asked as a question ("能帮我注销吗", "can you close my account?"), unless it also asks how, what or why. */
export const POLITE_REQUEST = /(?:可以|能|能不能|可不可以|麻烦)(?:你|您)?(?:直接|现在|马上|立刻|就)?(?:帮|替|给)我|\b(?:can|could|would|will) you\b/;
export const ASKS_WHAT_OR_HOW = /怎么|如何|怎样|什么|为什么|为啥|多久|哪|\b(?:how|what|when|why|where|which)\b/;

/** Closing itself refused ("先不注销", "I don't want to close it"); "我不用了" and "I don't need it anymore" are reasons, not refusals. */
export const NEGATED_CLOSING = new RegExp(
  `(?:不想|不要|别|先不|暂时不|不打算|不准备)(?:再)?(?:给我|帮我)?(?:把.{0,8})?${ZH_CLOSE}|\\b(?:do not|don'?t|dont|not|never|no longer)\\s+(?:(?:want|wanna|need|plan|intend|going)\\s+(?:to\\s+)?)?${EN_CLOSE}\\b`,
);

/** The person's own closure request named ("我的注销申请", "my deletion request", "since I asked to close it"). */
export const MY_REQUEST = anyOf(
  // Chinese
  /我的(?:注销|销户)?(?:申请|请求)/,
  /(?:我|已经|上周|昨天|前天|前几天|几天前|之前|上次|刚才)(?:.{0,8})(?:申请了|申请的|提交了|提交的|提的|交了|点了|点过|确认了|确认过|办了)/,
  /(?:链接|邮件|确认)(?:.{0,6})(?:点过|点了|点开了|确认过|确认了)|(?:申请|请求)(?:已经|都)?(?:提交|交|发)(?:了|过|上去|.{0,4}了)/,
  // English
  /\bmy\s+(?:account\s+)?(?:closure|closing|deletion|delete|close|cancell?ation|deactivation|termination)?\s*(?:request|application)\b/,
  /(?:^|\bi\s+)(?:already\s+)?(?:submitted|clicked|confirmed|requested|applied|filed)\b/,
  /\bclicked (?:it|on it|the link|the email)\b/,
  /\bmy\s+(?:account\s+)?(?:closure|deletion|cancell?ation|deactivation)\s+(?:still|is|has|been|yet|going|done)\b/,
  /\bsince i (?:asked|applied|requested|submitted)\b/,
  /\bi asked (?:you )?to (?:close|delete|cancel|deactivate)\b/,
);

/** The person tells of their own step in a closure (submitted, clicked the link, confirmed the email). */
export const OWN_CLOSURE_STEP =
  /(?:我|已经|之前|刚才|刚刚|昨天|前天|上周|上次|前几天|几天前).{0,12}(?:提交|提的|申请|点了|点过|确认了|确认过|办了|办过|点击了)|\bi\s+(?:already\s+)?(?:submitted|clicked|confirmed|requested|applied|filed|sent|did)\b|\b(?:got|received)\s+the\s+(?:email|link|confirmation)\b/;

/**
 * Asking where a request stands, in any words ("到哪一步了", "还没好", "any update", "still processing",
 * "where is it at"): with the person's own request named, a status question (the intent model's calibration).
 */
export const ASKS_STATE = anyOf(
  // Chinese
  /进度|进展|状态|到哪|怎么样了|咋样了|什么情况|啥情况|还没|还是没|一直没|没(?:成功|好|完成|通过|生效)|还在|还能登|没动静|动静|有消息|消息了|结果|好了(?:吗|没)|好没|办完|办好/,
  /完成(?:了|没)|成功(?:了|没)|通过(?:了|没)|审核|处理(?:完|好|得|中)|还在处理|生效/,
  // English
  /\b(?:status|progress|update|updates|news|yet|pending|processing|processed|approved|gone through|go through|coming along|going on|how'?s it going|how is it going|happening|happened|where is it|where's it|where are we|how far|is it done|is it closed|has it been|(?:is|has) (?:my|the) (?:account|acct|wallet) (?:been |already |really )?(?:closed|deleted|gone|done)|still (?:processing|pending|waiting|not)|taking (?:so long|forever|ages))\b/,
);

/** …and asks where it stands now. */
export const STATE_QUESTION = anyOf(
  // Chinese
  /什么情况|啥情况|怎么样了|咋样了|办没办|好了没|好没好|成没成|有结果|结果呢|生效了|成功了(?:吗|没)|完成了(?:吗|没)|注销了(?:吗|没)/,
  // English
  /\bis it (?:done|closed|finished|complete|through)\b|\b(?:done|closed|through|finished) (?:yet|now)\b/,
  /\bwhat'?s happening\b|\bnothing since\b|\bany (?:news|update)\b|\bhas it (?:gone|been)\b|\bwhat now\b/,
);

/**
 * Words that make a status-looking message a general question (how long does it take, does state
 * matter), or a request: "帮我把钱包关了吗" asks for the closing, as 把 puts what is to be done.
 */
export const STATUS_VETO = anyOf(
  // Chinese
  /(?:帮|给|替)我把|影响/,
  /(?:为啥|为什么|是不是)(?!.{0,10}(?:还没|还是没|一直没|还在|已经|没有(?:好|完成|成功|处理|通过))|.{0,10}没(?:好|完成|成功|处理|通过|动静|消息))|有的人/,
  /有些人|别人|多久|多长时间|一般要|需要多|要多久|前要|前需|前先|以前|就算|才算|算是|算(?:完成|成功|注销|好)|没点|没收到|收不到/,
  // English
  /how long|usually|normally|in general|affect|before|never got|didn'?t get|did not get|not received/,
);

/** A person asking the bot to close their account now. */
export const START_PATTERNS: RegExp[] = [
  new RegExp(`(?:我|俺|本人)?(?:要|想|想要|希望|打算|准备|申请(?![了过咗])|需要|决定|必须)(?:了|好了)?[\\s,，]*(?:马上|立刻|现在|立即)?(?:就)?(?:把|将)?(?:我的|这个)?(?:im)?(?:钱包)?(?:账户|账号|帐号|帐户)?${ZH_CLOSE}`),
  new RegExp(`(?:帮|给|替)我.{0,16}${ZH_CLOSE}`),
  new RegExp(`(?:^|[，,。.!！\\s])(?:请|麻烦)?(?:你|您)?(?:帮我)?把(?:我的|我|这个)?(?:im)?(?:钱包)?(?:的)?(?:账户|账号|帐号|帐户|号)?(?:给)?${ZH_CLOSE}(?:了|掉)?(?:吧|啦|了)?[!！。.]*$`),
  new RegExp(`^(?:请)?(?:立即|马上|现在)?(?:申请)?${ZH_CLOSE}(?:我的)?(?:im)?(?:钱包)?(?:账户|账号|帐号|帐户)?(?:吧|了|啦)?$`),
  new RegExp(`(?:开始|立即|现在|马上|直接|赶紧|立刻)(?:就)?(?:帮我|给我)?(?:办理|申请)?(?:把(?:我的|这个)?(?:im)?(?:钱包|账户|账号|帐号|帐户|号)?)?${ZH_CLOSE}`),
  new RegExp(`^${ZH_CLOSE}(?:我的)?(?:账户|账号|帐号|帐户)?[\\s,，!！。.]*(?:马上|立刻|赶紧|现在|立即)(?:办|弄|处理)?[!！。.]*$`),
  new RegExp(`(?:办理|申请)${ZH_CLOSE}`),
  // The closing verb first, then my account: an imperative ("注销我的账户 越快越好").
  new RegExp(`^(?:请)?${ZH_CLOSE}(?:掉)?(?:我的|这个|我这个)(?:im)?(?:钱包)?(?:账户|账号|帐号|帐户|钱包)`),
  new RegExp(`\\b(?:i\\s*(?:want|wanna|would like|'d like|need|wish|am going|'m going|plan|intend|have decided|decided)|please|pls|plz|help me|can you|could you|let'?s|go ahead and|i'?d like to|i'?ve decided|i have decided|kindly|do the needful and|abeg)\\b.{0,25}\\b${EN_CLOSE}\\b.{0,30}\\b(?:${EN_ACCOUNT}|wallet|it|profile|everything)\\b`),
  new RegExp(`^(?:(?:please|pls|plz|just|yes|yeah|ok|okay)[\\s,]+)?${EN_CLOSE}\\s+(?:my\\s+)?(?:im\\s+)?(?:wallet\\s+)?(?:${EN_ACCOUNT}|wallet)(?:\\s+(?:now|please|pls|plz|today|asap|thanks|thx))*(?:\\s*[,.;!]\\s*[^?]{0,60})?$`),
  new RegExp(`\\b(?:i\\s*(?:want|would like|'d like|need)\\s+to|please|pls|i'?d like to|let me)\\s+(?:request|submit|file|apply for|put in)\\b.{0,20}\\b(?:closure|deletion|cancell?ation|termination|deactivation)\\b`),
  // Not "cancel it": that leaves whatever is going on.
  /^(?:(?:just|please|yes|ok|okay)[\s,]+)?(?:close|delete|deactivate|terminate|shut down|nuke)\s+(?:it|this)(?:\s+(?:now|please|already|asap))?[.!]*$/,
  new RegExp(`\\b(?:done with|fed up with|sick of|tired of)\\b.{0,30}\\b${EN_CLOSE}\\b.{0,10}\\b(?:it|this|account|wallet)\\b`),
  /\b(?:i\s+(?:need|want)\s+my\s+(?:im\s+)?(?:wallet\s+)?(?:account|wallet|acct)\s+|my\s+(?:im\s+)?(?:wallet\s+)?(?:account|wallet)\s+(?:needs|has)\s+to\s+be\s+)(?:closed|deleted|terminated|cancell?ed|deactivated|shut down|removed)\b/,
  new RegExp(`^(?:我的)?(?:im)?(?:钱包)?(?:账户|账号|帐号|帐户)?${ZH_CLOSE}(?:掉)?(?:吧|啦)?[!！。.]*$`),
  new RegExp(`(?:^|[，,\\s])${ZH_CLOSE}(?:掉)?(?:吧|啦)[!！。.]*$`),
  /\b(?:request|requesting)\s+(?:the\s+)?(?:termination|closure|deletion|cancell?ation|deactivation|closing)\s+of\s+(?:my|our)\b/,
  new RegExp(`\\b(?:start|begin|proceed with|go ahead with)\\b.{0,20}\\b(?:closure|closing|account deletion|deleting my account)\\b`),
];

/**
 * Requests asked as polite questions ("可以帮我注销账号吗", "can you close my account?"): requests
 * despite the question mark, so the veto below does not apply to them.
 */
export const POLITE_START_PATTERNS: RegExp[] = [
  new RegExp(`^(?:请问)?(?:可以|能|能不能|可不可以|麻烦)(?:你|您)?(?:现在|马上|立刻)?(?:就)?(?:帮|替|给)(?:我)?(?:办理|申请)?(?:一下)?(?:把)?(?:我的)?(?:im)?(?:钱包)?(?:账户|账号|帐号|帐户|号)?${ZH_CLOSE}(?:掉)?(?:我的)?(?:im)?(?:钱包)?(?:账户|账号|帐号|帐户|号)?(?:吗|么|不|嘛)?[?？!！。.]*$`),
  new RegExp(`^(?:can|could|would|will) you (?:please |pls )?(?:help me )?${EN_CLOSE} (?:my|the) (?:im )?(?:wallet )?(?:${EN_ACCOUNT}|wallet)(?: for me)?(?: please| now| today)?[?.!]*$`),
];

/**
 * Polite endings that do not make a request a question: "帮我办理注销，可以吗？", "close my account
 * today, can you set that up for me?". Removed before the veto below is checked.
 */
export const POLITE_TAIL =
  /[\s,，.。]*(?:(?:可以|好|行)(?:吗|么|不)|谢谢(?:您|你)?|thanks?(?: you)?|please|(?:can|could|would) you (?:do|set|help|handle|sort|process|arrange)\b[^?？]{0,30})[\s?？.。!！]*$/;

/** Closing itself refused or put off: "不想注销", "先不", "I don't want …". */
const REFUSED = /不想(?:再)?(?:注销|销户|删|关)|不要(?:注销|销户|删|关)|别(?:给我|帮我)?(?:注销|销户|删|关)|暂时不|先不|不注销|\b(?:do not|don'?t|dont|no longer|not)\s+(?:want|wanna|need)\b/;

/** Asked, not told: a question word, particle or mark, or the person weighing it ("值不值", "should"). */
const ASKED = anyOf(
  // Chinese
  // A 不 A: 够不够, 行不行.
  /([\u4e00-\u9fff])不\1/,
  /怎么|如何|怎样|吗|么|能不能|会不会|可不可以|多久|多长|为什么|为啥|哪|什么|是否|还是|啥|咋|该|是不是|要不要|值不值|很多人|有的人/,
  // English
  /\?|？/,
  /\b(?:an|any) (?:account|acct|wallet)\b(?!\s+(?:deletion|closure|closing|cancell?ation|termination|deactivation))/,
  /\bhow\b|\bwhat\b|\bwhen\b|\bwhy\b|\bwill\b|\bdoes\b|\bif\b|\bshould\b|\bwhere\b|\bwould it\b|\bdo i\b/,
  /\bhappens?\b/,
);

/**
 * The balance or the money told as already dealt with, after it ("余额我已经提出来了", "balance is
 * already zero") or before it ("moved all my money out"): a story, no objection.
 */
const MONEY_DEALT_WITH_AFTER = '(?![^，,。.!！?？\\s]{0,6}(?:(?:提|转|取|花|用|拿)(?:出来|出|走|完|光|空|掉|回来)了|(?:是|为|清|归)(?:零|0|空)))';
const EN_MONEY_DEALT_WITH_BEFORE = '(?<!\\b(?:moved|withdrew|withdrawn|transferred|took|taken|cashed)\\s+(?:out\\s+)?(?:all\\s+)?(?:of\\s+)?(?:my\\s+|the\\s+)?)';
const EN_MONEY_DEALT_WITH_AFTER = '(?!\\s+(?:is|was|are)\\s+(?:already\\s+)?(?:zero|0|empty|out|gone|moved|withdrawn))';

/**
 * Another matter of the knowledge base named beside closing: what comes before or after it, the
 * balance, the steps, re-registering. The person may be asking about it; not when the steps are
 * what is to be done ("直接帮我走注销流程") or the money is told as dealt with.
 */
const ANOTHER_MATTER = new RegExp(
  [
    '之前|之后|以后|前要|前需|后还|后能|后会|影响|注意|还有|没有|先做|重新注册|再注册|re-?register',
    '(?<!(?:走|办|启动|开始|进行|完成)(?:一下|个)?(?:注销|销户)?的?)(?:步骤|流程)',
    `(?:余额|钱(?!包))${MONEY_DEALT_WITH_AFTER}`,
    '\\b(?:after|before|b4|still have)\\b',
    '\\bsteps?\\b',
    `${EN_MONEY_DEALT_WITH_BEFORE}\\b(?:balance|money)\\b${EN_MONEY_DEALT_WITH_AFTER}`,
  ].join('|'),
);

/**
 * What makes a request-looking message no request: closing refused, a question in form (a question
 * about closing gets a knowledge answer, which offers the closure as a button), or another matter named.
 */
export const START_VETO = anyOf(REFUSED, ASKED, ANOTHER_MATTER);
/** The veto without another matter named: what still holds where the classifier is sure of a request. */
export const START_QUESTION_VETO = anyOf(REFUSED, ASKED);

const GREETING_WORDS =
  '(?:你好|您好|大家好|各位好|嗨|哈喽|哈罗|哈啰|哈咯|喂|在吗|在不在|有人吗|有人在吗|早上好|上午好|中午好|下午好|晚上好|早晨|晨安|早|早安|hello|hi|hey|hiya|yo|anyone|anybody|anyone there|good (?:morning|afternoon|evening|day)|g\x27?day|hola|heya|hullo|morning|afternoon|evening|greetings|howdy|there|你好呀|你好啊|helo|hallo|what\\x27?s up|whats up|sup|po|mate|lah)';
/** Punctuation, a sentence-final particle ("早上好呀") or a smiley between and after greetings. */
const GREETING_PAUSE = '(?:[\\s,，.。!！~～?？呀啊哇哦喔噢嘛]|[:;]-?[)dp])*';

/**
 * The whole message is a greeting or a request for help, perhaps after a greeting, with nothing else
 * in it. Tested on the text with a letter drawn out ("hiii", "heyyy") written once.
 */
export const GREETING_PATTERNS: RegExp[] = [
  new RegExp(`^(?:${GREETING_WORDS}${GREETING_PAUSE})+$`),
  new RegExp(
    `^(?:${GREETING_WORDS}${GREETING_PAUSE})*(?:请问|so|and)?\\s*(?:帮助|求助|菜单|help|menu|start|开始|你(?:都|还)?(?:能|可以|会)(?:帮我|帮你|为我)?(?:做|干|帮)?(?:些)?(?:什么|啥)|能帮我(?:做)?(?:什么|啥)|你是谁|你是干什么的|功能|what can you do|what do you do|what (?:do|can) (?:you|u) (?:even |actually )?do|who are you|what are you|how can you help(?: me)?|what can you help (?:me )?with|what can i ask(?: you)?(?: about)?|你(?:都)?有(?:什么|哪些|啥)功能|(?:这里|这儿|在这)?可以咨询(?:哪些|什么|啥)(?:问题)?|能(?:咨询|问)(?:哪些|什么|啥)(?:问题)?|可以问(?:哪些|什么|啥)(?:问题)?|options|帮帮我|help me|help please|i need help|need help)${GREETING_PAUSE}$`,
  ),
];

/** Attempts to steer the bot off its job, or a writing task ("帮我写一封注销信"); never answered from the knowledge base. */
export const MANIPULATION_PATTERNS: RegExp[] = [
  /(?:^|帮我|给我|替我|请|麻烦)(?:你)?(?:写|编|起草|拟)(?:一|个|首|篇|封|份|段|几)|翻译|\btranslate\b|^(?:please\s+|pls\s+|can you\s+|could you\s+)?(?:write|compose|draft)\s+(?:me\s+)?(?:a|an|some)\b/,
  /ignore (?:all |any |the )?(?:previous|prior|above|earlier|your)(?: (?:instructions|prompts?|rules|messages?|text))?\b/,
  /(?:system prompt|jailbreak|developer mode|you are now|act as|pretend (?:to be|you are)|disregard (?:your|the|all))/,
  /忽略(?:之前|以上|上面|前面|所有)?(?:的)?(?:指令|提示|规则|设定)|系统提示词|越狱|你现在是|扮演|假装你是/,
];

const ZH_OTHER_SERVICE =
  '(?:微信|支付宝|qq|抖音|快手|淘宝|微博|京东|美团|拼多多|云闪付|花呗|借呗|白条|银联|银行|信用卡|借记卡|储蓄卡|电话卡|手机卡|营业厅|运营商|话费|套餐|会员|自动续费|订阅|弹窗|浏览器|游戏)';
const EN_OTHER_SERVICE =
  '(?:wechat|weixin|alipay|qq|instagram|facebook|twitter|tiktok|paypal|venmo|google|apple|netflix|spotify|amazon|uber|bank|credit card|debit card|visa|mastercard|master card|amex|american express|unionpay|sim card|phone plan|mobile plan|phone contract|data plan|savings account|checking account|current account|subscription|membership|browser|popup|pop-up)';

/**
 * Closing something that is not the im Wallet account (a WeChat account, a bank account): the bot
 * cannot help there, and its knowledge about closing the wallet would be a wrong answer.
 */
export const OTHER_SERVICE_CLOSURE_PATTERNS: RegExp[] = [
  // How to close a phone number: the carrier's matter.
  new RegExp(`(?:手机号码|手机号|电话号码).{0,2}(?:怎么|如何|咋|怎样|能不能|可以|要)${ZH_CLOSE}`),
  new RegExp(`${ZH_OTHER_SERVICE}(?:的)?(?:账号|账户|帐号|小号|大号|号)?.{0,4}(?:怎么|如何|咋|怎样|能不能|可以|要)?${ZH_CLOSE}`),
  new RegExp(`${ZH_CLOSE}(?:我的|掉)?(?:一张|这张|那张|张|一个|这个|那个)?(?:${ZH_OTHER_SERVICE}|手机号|手机号码|电话号码)`),
  new RegExp(`${ZH_CLOSE}.{0,8}${ZH_OTHER_SERVICE}(?:的|那个|账户|账号|卡)?[\\s。.!！]*$`),
  // A bank's own card or account, whatever the bank is called ("注销一张招商银行的储蓄卡").
  new RegExp(`${ZH_CLOSE}掉?(?:一张|一个|这张|那张|我的)?[^前后把到给转退钱，,。？?\\s]{0,4}?(?:银行卡|储蓄卡|信用卡|银行的|银行账户|存折)`),
  new RegExp(`\\b${EN_CLOSE}\\s+(?:my\\s+|a\\s+|the\\s+|an\\s+)?(?:[a-z]+\\s+)?${EN_OTHER_SERVICE}\\b`),
  new RegExp(`\\b${EN_OTHER_SERVICE}\\s+account\\b.{0,20}\\b${EN_CLOSE}\\b`),
  // A bank's own account, whatever the bank is called ("close my Chase checking account").
  new RegExp(`\\b${EN_CLOSE}\\s+(?:my\\s+|a\\s+|the\\s+|an\\s+)?(?:[a-z'&-]+\\s+){0,2}(?:checking|savings|current|brokerage|bank|credit card)\\s+account\\b`),
  new RegExp(`\\b${EN_CLOSE}\\b.{0,40}\\b(?:at|with|in) (?:my|the|a|your) (?:bank|branch)\\b`),
];

/** Unbinding a card from another service ("从支付宝解绑银行卡"): that service's question, not the wallet's. */
export const OTHER_SERVICE_UNBIND_PATTERNS: RegExp[] = [
  new RegExp(`(?:从|在)${ZH_OTHER_SERVICE}(?:上|里|中|那边)?(?:怎么|如何|咋)?(?:解绑|解除绑定|取消绑定)`),
  new RegExp(`${ZH_OTHER_SERVICE}(?:上|里)?(?:怎么|如何|咋)(?:解绑|解除绑定)`),
  new RegExp(`\\b(?:unlink|unbind|remove|disconnect)\\b.{0,30}\\bfrom\\s+(?:my\\s+)?${EN_OTHER_SERVICE}\\b`),
];

/**
 * Another product named with no closing and no link to the wallet in sight ("信用卡怎么提前还款",
 * "how do I raise my credit card limit"): that product's question.
 */
export const OTHER_PRODUCT = new RegExp(`${ZH_OTHER_SERVICE}|\\b${EN_OTHER_SERVICE}\\b`);
export const CLOSING_WORDS = new RegExp(`${ZH_CLOSE}|\\b${EN_CLOSE}\\b|\\bclosure\\b`);

/** The wallet itself is named: whatever else the message mentions, it is about the wallet. */
export const WALLET_NAMED =
  /(?<!微信|支付宝|qq|京东|美团|云闪付|百度|苹果|谷歌|三星|华为)钱包|\bim\s*(?:钱包|wallet|app|account|账户|账号|帐户|帐号)|(?<!\b(?:wechat|alipay|google|apple|samsung|paypal|leather|physical)\s)\bwallet\b/;

/**
 * A wallet matter other than closing (changing the email or the phone number, a forgotten password),
 * asked with no closing word: the bot answers closing questions only.
 */
export const OTHER_WALLET_MATTER = [
  /\b(?:change|update|edit|modify|switch)\b.{0,20}\b(?:email|e-mail|phone number|mobile number|nickname|name|address|avatar|profile (?:picture|photo)|language)\b/,
  /(?:修改|更改|更换|改|换)(?:一下|了)?(?:[^，,。？?\s]{0,6}的)?(?:邮箱|手机号码|手机号|昵称|头像|名字|姓名|地址|语言)/,
  /\bforg[eo]t+(?:en)?\b.{0,20}\b(?:password|pin|passcode)\b|忘(?:记|了)?.{0,6}密码|密码.{0,4}忘/,
];

/**
 * Closing something that is no account, wallet or not ("close this pop-up window", "cancel a
 * subscription I paid with the wallet", "关闭消息推送"): a setting or another product.
 */
const EN_NOT_AN_ACCOUNT =
  '(?:subscriptions?|memberships?|notifications?|alerts?|popups?|pop-ups?|windows?|tabs?|browser|ads|adverts?|auto-?renew(?:al)?|auto-?pay|autopay)';
const ZH_NOT_AN_ACCOUNT = '(?:通知|推送|消息提醒|提醒|弹窗|广告|自动续费|续费|订阅|会员|免密支付|小额免密|声音|震动)';
export const NOT_AN_ACCOUNT_CLOSURE: RegExp[] = [
  new RegExp(`\\b${EN_CLOSE}\\s+(?:[a-z'-]+\\s+){0,3}?${EN_NOT_AN_ACCOUNT}\\b`),
  new RegExp(`${ZH_CLOSE}[^，,。？?\\s]{0,6}?${ZH_NOT_AN_ACCOUNT}|${ZH_NOT_AN_ACCOUNT}[^，,。？?\\s]{0,6}?${ZH_CLOSE}`),
];

/** The account itself named: closing a subscription and the account is still closing the account. */
export const ACCOUNT_NAMED = /账户|账号|帐户|帐号|户头|\baccounts?\b|\bacc(?:ou)?n?t\b/;

/** Asking for a poem, a story or a joke: chit-chat, whatever it is about. */
export const CREATIVE_REQUEST = /写(?:一)?(?:首|篇|段|个)(?:[^，,。？?]{0,12})?(?:诗|歌|故事|文章|作文|段子|笑话)|讲(?:个|一个)(?:笑话|故事)|\b(?:write|compose)\b.{0,12}\b(?:poem|song|story|essay|haiku|limerick|rap)\b|\btell me a (?:joke|story)\b/;

/** Verification or the closure's email named: changing a number to get the code is the closure's matter after all. */
export const WALLET_MATTER_VETO = /验证|验证码|短信|收不到|\bcodes?\b|\botp\b|\bsms\b|\bverif|\bconfirmation\b/;

/**
 * A link to the wallet, the time around closing or the wallet's verification code is named ("换了电话卡
 * 收不到验证码"): a question about the wallet's closure after all.
 */
export const OTHER_SERVICE_VETO = /解绑|绑定|关联|绑的|绑了|\bunbind|\bunlink|\blink|\bbound\b|\bconnected\b|\bbefore\b|\bafter\b|之前|之后|以后|前要|影响|\baffect|验证码|短信|\bcodes?\b|\botp\b|\bsms\b|\bverif/;

/** "取消" / "cancel" and friends: leave whatever dialog is running. */
export const CANCEL_PATTERN =
  /^(?:(?:算了|好吧|那|ok|okay)[\s,，]*)?(?:(?:我)?(?:取消|算了|不要了|不用了|退出|停止|结束|不办了|(?:还是)?(?:先)?不(?:想)?(?:注销|销户|办)了?|取消注销|先不了|不了|cancel(?: it| this| that)?|stop|quit|exit|never ?mind|nevermind|forget it|abort|(?:i )?changed my mind|(?:i )?(?:do not|don'?t|dont) want to (?:close|delete|cancel|do this|continue)(?: (?:it|my account|this))?(?: anymore)?)(?:吧|了|啦)?[\s,，]*(?:please|pls|thanks|谢谢)?)[\s.。!！]*$/;
