import { translator, type StringTable } from '../strings';

/** The headings and labels of the bot's cards, in both languages. */
const CARD_STRINGS = {
  termsTitle: { 'zh-CN': '注销须知', en: 'Before you close your account' },
  filedTitle: { 'zh-CN': '注销申请已提交', en: 'Closure request filed' },
  requestId: { 'zh-CN': '申请编号', en: 'Request ID' },
  emailSentTo: { 'zh-CN': '确认邮件已发至', en: 'Confirmation email sent to' },
  blockersTitle: { 'zh-CN': '暂时还不能注销', en: "Your account can't be closed yet" },
  blockerFix: { 'zh-CN': '怎么处理：{fix}', en: 'What to do: {fix}' },
  statusTitle: { 'zh-CN': '注销进度', en: 'Closure request status' },
  status: { 'zh-CN': '状态', en: 'Status' },
} as const satisfies StringTable;

export const cardText = translator(CARD_STRINGS);
