/** Every text of the web widget and the demo help-center page, in each language they are served in. */
export const WEB_LOCALES = ['zh-CN', 'en'] as const;
export type WebLocale = (typeof WEB_LOCALES)[number];

export interface WidgetTexts {
  /** The launcher button's visible text and accessible name. */
  launcher: string;
  /** Chat panel heading; `{brand}` is replaced with the brand name. */
  title: string;
  close: string;
  connecting: string;
  failed: string;
  retry: string;
  defaultBrand: string;
}

export interface PageTexts {
  htmlTitle: string;
  helpCenter: string;
  switchLanguage: string;
  heroTitle: string;
  heroText: string;
  closureSection: string;
  questions: { question: string; summary: string }[];
  askSupport: string;
  contactTitle: string;
  contactText: string;
  openChat: string;
  footer: string;
}

export const webTexts: Record<WebLocale, { widget: WidgetTexts; page: PageTexts }> = {
  'zh-CN': {
    widget: {
      launcher: '在线客服',
      title: '{brand} 在线客服',
      close: '关闭在线客服',
      connecting: '正在连接客服…',
      failed: '暂时连不上客服，请稍后再试。',
      retry: '重试',
      defaultBrand: 'im钱包',
    },
    page: {
      htmlTitle: '帮助中心 - {brand}',
      helpCenter: '帮助中心',
      switchLanguage: 'English',
      heroTitle: '有什么可以帮您？',
      heroText: '这里是关于注销账户的常见问题。没找到答案？点右下角的“在线客服”，随时问我们。',
      closureSection: '注销账户',
      questions: [
        { question: '注销以后还能恢复吗？', summary: '注销前请想清楚：了解注销后账户和数据会怎样。' },
        { question: '注销会影响我的征信吗？', summary: '注销账户与个人信用记录的关系。' },
        { question: '注销需要多长时间？', summary: '从提交申请到完成注销的各个环节。' },
        { question: '注销前需要做哪些准备？', summary: '余额、未完成交易和绑定的银行卡。' },
      ],
      askSupport: '问问客服',
      contactTitle: '联系我们',
      contactText: '在线客服全天为您服务，可以帮您了解注销流程、办理注销申请，或转接人工客服。',
      openChat: '打开在线客服',
      footer: '演示页面，仅用于展示在线客服。',
    },
  },
  en: {
    widget: {
      launcher: 'Chat with support',
      title: '{brand} support',
      close: 'Close support chat',
      connecting: 'Connecting to support…',
      failed: "We can't reach support right now. Please try again in a moment.",
      retry: 'Try again',
      defaultBrand: 'im Wallet',
    },
    page: {
      htmlTitle: 'Help Center - {brand}',
      helpCenter: 'Help Center',
      switchLanguage: '中文',
      heroTitle: 'How can we help?',
      heroText: 'Common questions about closing your account. Not here? Use “Chat with support” at the bottom right, any time.',
      closureSection: 'Closing your account',
      questions: [
        { question: 'Can I recover my account after closing it?', summary: 'What happens to your account and data once it is closed.' },
        { question: 'Does closing my account affect my credit record?', summary: 'How closing relates to your credit history.' },
        { question: 'How long does closing take?', summary: 'Each step from your request to a closed account.' },
        { question: 'What do I need to do before closing?', summary: 'Balance, pending transactions and linked bank cards.' },
      ],
      askSupport: 'Ask support',
      contactTitle: 'Contact us',
      contactText: 'Our support chat is open around the clock: learn how closing works, file a closure request, or reach a person.',
      openChat: 'Open support chat',
      footer: 'Demo page, for showing the support chat only.',
    },
  },
};

/** The served locale for a requested one: `en`, `en-US` -> en; anything else -> the default. */
export function webLocale(requested: string | undefined, fallback: WebLocale): WebLocale {
  if (!requested) return fallback;
  const lower = requested.toLowerCase();
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  return fallback;
}
