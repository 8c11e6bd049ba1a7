/**
 * Phrasings of the intents that are requests rather than questions. Kept as readable tables so a
 * support lead can see why a message was routed where it was; tests in test/unit/recognizer.test.ts
 * pin the behaviour. Patterns run on NFKC-normalized, lower-cased text.
 */

const ZH_CLOSE = '(?:注销|销户|删号|销号|注消|关闭|关掉|删除|删掉|停用|注销掉|销掉)';
const EN_CLOSE = '(?:close|delete|cancel|deactivate|terminate|shut\\s*down|remove|get\\s+rid\\s+of|closing)';

/** A person asking to speak to a human. */
export const HANDOFF_PATTERNS: RegExp[] = [
  /转人工|人工客服|人工服务|人工坐席|人工在吗|找人工|接人工|要人工|人工处理|人工!|^人工$|真人|活人|坐席|客服人员|客服小姐姐|客服专员|工作人员|服务人员/,
  /(?:我要|我想|给我|帮我|请|麻烦)(?:找|转|接|联系|叫)?(?:一下)?(?:你们)?(?:的)?客服(?!电话|热线|邮箱|渠道|方式)/,
  /(?:跟|和|找)(?:真)?人(?:聊|说|谈|沟通)/,
  /\b(?:human|real person|real people|live (?:agent|person|chat|support)|(?:an? |your )?(?:support )?agent\b|representative|operator|somebody real|someone real)/,
  /\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a |an |some |your )?(?:person|people|someone|somebody|support|staff|customer service|service rep|rep\b)/,
  /\b(?:transfer|connect|put)\s+me\s+(?:to|through|with)\b/,
];

/** A person asking where their own closure request stands. */
export const STATUS_PATTERNS: RegExp[] = [
  new RegExp(`(?:${ZH_CLOSE}|申请|请求).{0,6}(?:进度|进展|状态|到哪一步|到哪了|结果|(?:办好|办完|处理好|处理完|通过|成功|完成|生效|好)了?(?:吗|没有|没|了)|怎么样了|咋样了|还在处理|处理得怎么样|处理了吗)`),
  new RegExp(`(?:账户|账号|帐号|帐户|钱包).{0,4}(?:${ZH_CLOSE})(?:掉)?(?:完成|成功|好|完)?了(?:吗|没有|没)`),
  /(?:进度|进展|到哪一步|到哪了|办到哪)/,
  /(?:已经|已|之前|刚才|刚刚|昨天|前天|上周|上次|前几天|几天前)(?:提交|申请|办理|点了|确认).{0,12}(?:怎么|还没|没|吗|了没|好了)/,
  /\b(?:status|progress|track|tracking)\b.{0,40}\b(?:closure|closing|request|application|account|deletion|close)\b/,
  /\b(?:closure|closing|request|application|deletion|close)\b.{0,40}\b(?:status|progress)\b/,
  /\b(?:has|did|is|was)\s+my\s+(?:closure|account closure|request|closure request|application|account deletion)\b.{0,30}\b(?:gone through|go through|processed|approved|done|completed?|finished|through|closed)\b/,
  /\b(?:already|yesterday|last week|earlier|days ago)\b.{0,40}\b(?:submitted|requested|applied|filed)\b/,
  /\b(?:submitted|requested|filed)\b.{0,40}\b(?:closure|close|deletion)\b.{0,40}\b(?:yet|still|update|now|what next|happened)\b/,
  /\bwhere\s+(?:is|are)\s+my\b.{0,20}\b(?:request|closure|application)\b/,
  /\b(?:is|has|was)\s+(?:my|the)\s+(?:im\s+)?(?:wallet\s+)?(?:account|wallet)\s+(?:been\s+|really\s+)?(?:closed|deleted|cancel+ed|deactivated|shut down|removed|gone)\b/,
  /\bdid\s+(?:my|the)\b.{0,30}\b(?:go through|get processed|get approved|work out|succeed|complete)\b/,
  /\bany\s+(?:updates?|news|word|progress)\b.{0,40}\b(?:closure|closing|request|account|deletion|cancell?ation|application)\b/,
];

/** Words that make a status-looking message a general question (how long does it take, does state matter). */
export const STATUS_VETO = /影响|多久|多长时间|一般要|需要多|要多久|之前|前要|前需|前先|以前|就算|才算|算是|是不是|链接|邮件|how long|usually|normally|in general|affect|before/;

/** A person asking the bot to close their account now. */
export const START_PATTERNS: RegExp[] = [
  new RegExp(`(?:我|俺|本人)?(?:要|想|想要|希望|打算|准备|申请|需要|决定|必须)(?:马上|立刻|现在|立即)?(?:就)?(?:把|将)?(?:我的|这个)?(?:im)?(?:钱包)?(?:账户|账号|帐号|帐户)?${ZH_CLOSE}`),
  new RegExp(`(?:帮|给|替)我.{0,8}${ZH_CLOSE}`),
  new RegExp(`^(?:请)?(?:立即|马上|现在)?(?:申请)?${ZH_CLOSE}(?:我的)?(?:im)?(?:钱包)?(?:账户|账号|帐号|帐户)?(?:吧|了|啦)?$`),
  new RegExp(`(?:开始|立即|现在|马上|直接|赶紧|立刻)(?:就)?(?:办理|申请|给我)?${ZH_CLOSE}`),
  new RegExp(`^${ZH_CLOSE}(?:我的)?(?:账户|账号|帐号|帐户)?[\\s,，]*(?:马上|立刻|赶紧|现在|立即)(?:办|弄|处理)?[!！。.]*$`),
  new RegExp(`(?:办理|申请)${ZH_CLOSE}`),
  new RegExp(`\\b(?:i\\s*(?:want|wanna|would like|'d like|need|wish|am going|'m going|plan|intend|have decided|decided)|please|pls|plz|help me|can you|could you|let'?s|go ahead and|i'?d like to)\\b.{0,25}\\b${EN_CLOSE}\\b.{0,30}\\b(?:account|wallet|it|profile|everything)\\b`),
  new RegExp(`^(?:(?:please|pls|plz|just)\\s+)?${EN_CLOSE}\\s+(?:my\\s+)?(?:im\\s+)?(?:wallet\\s+)?(?:account|wallet)(?:\\s+(?:now|please|pls|plz|today|asap|thanks|thx))*$`),
  new RegExp(`\\b(?:start|begin|proceed with|go ahead with)\\b.{0,20}\\b(?:closure|closing|account deletion|deleting my account)\\b`),
];

/**
 * Words that make a request-looking message a question about closing (how, what happens, will it
 * affect ...): those get a knowledge answer, which offers the closure as a button.
 */
export const START_VETO =
  /怎么|如何|怎样|吗|么|能不能|会不会|可不可以|多久|多长|之前|之后|以后|前要|前需|后还|后能|后会|影响|注意|为什么|为啥|哪里|在哪|什么|余额|钱(?!包)|还有|没有|是否|步骤|流程|还是|啥|咋|先做|该|\?|？|\bhow\b|\bwhat\b|\bwhen\b|\bwhy\b|\bwill\b|\bdoes\b|\bafter\b|\bbefore\b|\bif\b|\bshould\b|\bwhere\b|\bwould it\b|\bsteps?\b|\bhappens?\b|\bstill have\b|\bbalance\b|\bmoney\b/;

/** The whole message is a greeting or a request for help with nothing else in it. */
export const GREETING_PATTERNS: RegExp[] = [
  /^(?:(?:你好|您好|嗨|哈喽|哈罗|喂|在吗|在不在|有人吗|有人在吗|早上好|上午好|中午好|下午好|晚上好|早|早安|hello|hi|hey|hiya|yo|good (?:morning|afternoon|evening)|greetings|howdy|there|你好呀|你好啊|helo|hallo)[\s,，.。!！~～?？]*)+$/,
  /^(?:你好[,，\s]*)?(?:帮助|求助|菜单|help|menu|start|开始|你(?:都|还)?(?:能|可以|会)(?:帮我|帮你|为我)?(?:做|干|帮)?(?:些)?(?:什么|啥)|能帮我(?:做)?(?:什么|啥)|你是谁|你是干什么的|功能|what can you do|what do you do|who are you|what are you|how can you help(?: me)?|what can you help (?:me )?with|options|帮帮我|help me|help please|i need help|need help)[\s,，.。!！~～?？]*$/,
];

/** Attempts to steer the bot off its job; never answered from the knowledge base. */
export const MANIPULATION_PATTERNS: RegExp[] = [
  /ignore (?:all |any |the )?(?:previous|prior|above|earlier|your) (?:instructions|prompts?|rules)/,
  /(?:system prompt|jailbreak|developer mode|you are now|act as|pretend (?:to be|you are)|disregard (?:your|the|all))/,
  /忽略(?:之前|以上|上面|前面|所有)?(?:的)?(?:指令|提示|规则|设定)|系统提示词|越狱|你现在是|扮演|假装你是/,
];

/** "取消" / "cancel" and friends: leave whatever dialog is running. */
export const CANCEL_PATTERN =
  /^(?:取消|算了|不要了|不用了|退出|停止|结束|不办了|不注销了|先不了|不了|cancel|stop|quit|exit|never ?mind|nevermind|forget it|abort)(?:吧|了|啦)?[\s.。!！]*$/;
