/**
 * Characters people mistype for one another by their look (形近字), each group one family. They are
 * well-known confusions, as drilled in the 形近字 lists of Chinese primary-school workbooks and
 * counted among the shape confusions of the SIGHAN Chinese spelling-check benchmarks, written down
 * from those (no library ships such a table). The typo corrector only uses them to turn a stretch
 * that is no word into a knowledge-base word, so a family too wide costs nothing but a lookup.
 */
const FAMILIES = [
  '问间闻闷',
  '聚骤',
  '候侯',
  '己已巳',
  '未末',
  '日曰',
  '人入',
  '土士',
  '干千于',
  '大太犬',
  '天夭',
  '刀力办',
  '戊戌戍',
  '户尸',
  '设没',
  '注住柱驻往',
  '销锁',
  '额颜',
  '恢灰',
  '复夏',
  '绑帮',
  '码玛妈',
  '验险检脸捡',
  '证征',
  '钱线浅',
  '删珊',
  '除徐',
  '提题堤',
  '现观',
  '转砖',
  '密蜜',
  '拔拨',
  '晴睛请清情',
  '待侍持特',
  '历厉',
  '贷货贸',
  '辨辩辫',
  '析折拆',
  '免兔',
  '鸟乌',
  '坏怀',
  '冶治',
  '认从',
  '邮油',
  '件伴',
  '确碓',
  '续读',
  '程呈',
  '录绿碌',
  '交较郊校',
  '账胀帐',
  '申甲由',
  '绪诸',
  '银很跟根恨',
  '径经',
  '构沟购',
  '撤撒',
  '期欺',
  '项顶',
  '资姿咨',
  '讯迅汛',
  '询洵',
  '登凳',
  '份仿彷',
  '钮扭纽',
  '意竟',
  '项顷',
  '哪那',
];

/** For each character, the characters it is mistyped for by shape. */
export const SHAPE_ALIKE: ReadonlyMap<string, readonly string[]> = (() => {
  const alike = new Map<string, string[]>();
  for (const family of FAMILIES) {
    for (const c of family) {
      const others = alike.get(c) ?? [];
      for (const o of family) if (o !== c && !others.includes(o)) others.push(o);
      alike.set(c, others);
    }
  }
  return alike;
})();
