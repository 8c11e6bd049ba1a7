/**
 * Written Cantonese (as people in Hong Kong chat: 點樣註銷, 可唔可以, 唔該) in standard Mandarin, so
 * the Mandarin knowledge base and patterns read it. Applied to Simplified text (after OpenCC), longest
 * form first. A general lexicon of Cantonese function words, question forms and common verbs; a
 * character that is also ordinary Mandarin (係 → 系, 咁 alone) is only rewritten in forms that are
 * Cantonese beyond doubt.
 */
const LEXICON: [string, string][] = [
  // "A 唔 A" questions: 可唔可以 → 可不可以.
  ['可唔可以', '可不可以'],
  ['得唔得', '行不行'],
  ['使唔使', '需不需要'],
  ['有冇', '有没有'],
  ['系唔系', '是不是'],
  ['会唔会', '会不会'],
  ['要唔要', '要不要'],
  ['能唔能', '能不能'],
  // Question words.
  ['点样', '怎样'],
  ['点解', '为什么'],
  ['点算好', '怎么办'],
  ['点算', '怎么办'],
  // 點 before a verb is "how" (要點保護, 點做); Mandarin's 点 (一点, 点击) is left where no verb follows.
  ['要点', '要怎么'],
  ['应该点', '应该怎么'],
  ['可以点', '可以怎么'],
  ['点做', '怎么做'],
  ['点搞', '怎么搞'],
  ['点整', '怎么弄'],
  ['点处理', '怎么处理'],
  ['点弄', '怎么弄'],
  ['点样先可以', '怎样才能'],
  ['先可以', '才能'],
  ['先得', '才行'],
  ['乜嘢', '什么'],
  ['咩嘢', '什么'],
  ['边度', '哪里'],
  ['边个', '哪个'],
  ['边间', '哪家'],
  ['几时', '什么时候'],
  ['几耐', '多久'],
  ['咁耐', '这么久'],
  ['好耐', '很久'],
  ['几多', '多少'],
  ['搞成点', '搞得怎么样了'],
  ['而家点', '现在怎么样'],
  ['点呀', '怎么样了'],
  ['而家', '现在'],
  // Politeness and fillers.
  ['唔该晒', '谢谢'],
  ['唔该', '麻烦'],
  ['多谢晒', '谢谢'],
  ['唔好意思', '不好意思'],
  // Nouns and pronouns.
  ['户口', '账户'],
  ['呢个', '这个'],
  ['嗰个', '那个'],
  ['呢度', '这里'],
  ['嗰度', '那里'],
  ['呢啲', '这些'],
  ['嗰啲', '那些'],
  ['佢哋', '他们'],
  ['我哋', '我们'],
  ['你哋', '你们'],
  ['啲嘢', '东西'],
  ['嘢', '东西'],
  ['佢', '他'],
  // Verbs and particles.
  ['唔见咗', '丢了'],
  ['冇咗', '没了'],
  ['冇用', '没用'],
  ['咁样', '这样'],
  ['系咪', '是不是'],
  // 係 is "to be" (唔係, 就係); alone it stays, as Mandarin's 系 (系统, 关系) is another word.
  ['唔系', '不是'],
  ['就系', '就是'],
  ['都系', '都是'],
  ['真系', '真是'],
  ['我系', '我是'],
  ['只系', '只是'],
  ['系咁', '一直'],
  ['仲可以', '还可以'],
  ['仲有', '还有'],
  ['仲未', '还没'],
  ['仲裁', '仲裁'],
  ['仲系', '还是'],
  ['仲', '还'],
  // The progressive V紧: 用紧 is 在用.
  ['用紧', '在用'],
  ['等紧', '在等'],
  ['处理紧', '在处理'],
  ['未得', '还没好'],
  // "Done yet?": a question ending in 未 (處理咗未, 搞掂未) asks whether it has happened.
  ['咗未', '了没有'],
  ['搞掂未', '搞定了没有'],
  ['好未', '好了没有'],
  ['搞掂', '搞定'],
  // Can't: 註銷唔到 is 注销不了.
  ['唔到', '不了'],
  ['攞返', '找回'],
  ['攞', '拿'],
  ['揾返', '找回'],
  ['揾', '找'],
  ['睇', '看'],
  // 俾人 / 畀人 before a verb is the passive (俾人盜咗: 被人盗了).
  ['俾人', '被人'],
  ['畀人', '被人'],
  ['俾', '给'],
  ['闩咗', '关掉'],
  ['闩', '关'],
  ['畀', '给'],
  ['嚟', '来'],
  ['喺', '在'],
  ['冇', '没有'],
  ['唔', '不'],
  ['咗', '了'],
  ['嘅', '的'],
  ['啲', '些'],
  ['咁', '这么'],
  ['嗰', '那'],
  ['咩', '什么'],
  ['嘛', '吗'],
  ['啩', '吧'],
  ['喎', '啊'],
  ['㗎', '啊'],
  ['嘞', '了'],
  ['咋', '吗'],
];

/** A character no Mandarin sentence uses: only a message holding one is read as Cantonese. */
const CANTONESE_MARK = /[唔咗嘅冇啲嚟喺佢嗰畀攞揾睇咩嘢哋㗎啩喎]|点样|点解|点算|边度|几耐|得唔得|系咪|呢个|仲有|仲可以|俾|搞掂|闩|搞成点|而家/;

/** 我個 / 你個 (my, your): Cantonese's possessive classifier, unless it is Mandarin's 个人 (我个人认为). */
const POSSESSIVE = /([我你他])个(?!人)/g;

const PATTERN = new RegExp([...LEXICON].sort((a, b) => b[0].length - a[0].length).map(([c]) => c).join('|'), 'g');
const MANDARIN = new Map(LEXICON);

/**
 * `text` (Simplified) with its Cantonese in Mandarin; a message with no Cantonese mark is returned
 * as it is, so 咋 (Mandarin "how") and 嘛 stay in Mandarin sentences.
 */
export function cantoneseToMandarin(text: string): string {
  if (!CANTONESE_MARK.test(text)) return text;
  return text.replace(PATTERN, (form) => MANDARIN.get(form) ?? form).replace(POSSESSIVE, '$1的');
}
