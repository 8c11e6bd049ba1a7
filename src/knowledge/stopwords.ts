/** Function words that carry no topic: dropped before search so they neither match nor dilute. */
export const CHINESE_STOPWORDS = new Set(
  (
    '的 了 吗 呢 吧 没 啊 呀 哦 哈 嘛 么 我 你 您 他 她 它 我们 你们 是 在 有 会 能 要 想 还 都 就 也 和 与 及 或 ' +
    '请问 请 怎么 如何 怎样 怎么样 什么 可以 可不可以 能不能 能否 一下 这个 那个 这 那 个 把 被 给 让 对 从 ' +
    '到 上 下 里 中 吗? 么? 呃 嗯 额 哎 诶 就是 然后 还是 但是 因为 所以 如果 的话 是不是 是否 有没有 没有 ' +
    '已经 现在 一直 自己 一个 这样 那样 多少 哪些 哪 谁 为何 得 地 着 过 很 太 更 最 又 再 才 只 啦 咯 么 噢 ' +
    '帮 帮忙 麻烦 谢谢 好的 一些 些 之 其 等 等等 需要 需 必须 应该 可能 知道 问 问下 问一下 想问 请教 告诉 ' +
    '啥 人 什么样 那些 这些 有点 有些 大家 半天 事情 东西 这是 那是 特别 我该 该 感觉 基本 基本上 大部分 儿 做些 打算 ' +
    '里面 这种 那种 这时候 那时候 正在 老是 总是 一遍 一份 一笔 有笔 原来 才能 下来 一定 就算 好像 以前 一起 不是 ' +
    '怎莫 咋 咋办 啊啊 呗 嘞 哇 哟 吧吧 一般 通常 大概 具体 到底 究竟 其实 真的 确实 比如 还会 会不会 要不 咋整 咋弄 怎么整 怎么弄 好 好几次 几次 说下 说说 某 某一步 ' +
    '还有 办法 情况 急 怎么办 咋办呢 得到 查 还查 查看 看到 能看 看看 木有 没有啦 不 算 搞定 办好 弄好 下个月 下周 月底 最近 您好 你好 谢谢您 多谢 谢了 ' +
    '麻烦您 请您 不好意思 打扰 打扰一下 年纪 大了 不太会 时候 的时候 进行 ' +
    // Asking for a reply, pleading and greeting the support desk say how one asks, not what: 客服你好 is no question about support.
    '求回复 求解答 求助 求解 求教 在线等 拜托 拜托了 急急急 客服你好 客服您好 客服在吗 客服在不在 亲在吗 ' +
    // Doing it for the first time says who asks, not what (第一次用, "first time using this app").
    '第一次 头一次 第一回 头一回'
  ).split(/\s+/),
);

export const ENGLISH_STOPWORDS = new Set(
  (
    'a an the i me my mine myself we us our you your he she it its his him her hers they them their this that these those ' +
    'is am are was were be been being do does did doing have has had having will would shall should can could ' +
    'may might must of to in on at by for with from about into over under again further then there here ' +
    'and or but if so than too very just also only not no nor own same such both each few more most other some ' +
    'any all what which who whom whose when how please pls plz hi hey hello thanks thank ok okay yes yeah ' +
    'im i\'m it\'s what\'s don\'t doesn\'t dont does\'nt is\'nt isn\'t get got gonna wanna want need know tell ' +
    'question something anything thing things stuff bunch really actually still ever even one way ' +
    'whats there theres anywhere anyway anyways kinda sorta supposed exactly basically literally like just ' +
    'happen happens happened happening wondering wonder guess think go goes going went wise ' +
    'sorry sry apologies dumb silly stupid cheers urgent urgently ' +
    // Chat fillers at the end of a question ("why though", "lol"): how it is said, not what.
    'though lol lmao haha hmm hm idk btw fr ' +
    'thx thanx thnx ty tia advance kindly needful dear sir madam hereby po mate lah la leh lor ah bro folks guys u ur pls plz ngl rn tbh ' +
    // Function words as they are often mistyped; too short for the typo model to correct.
    'wil wud shud cud cn hav abt bout ya yo r'
  ).split(/\s+/),
);
