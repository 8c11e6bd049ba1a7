import type { Locale } from '../../src/knowledge/topicSchema';
import type { LinkedAccount } from '../../src/wallet/schemas';
import { ct } from './closureStrings';

/**
 * The wallet names linked accounts in English ("China Merchants Bank debit card", "WeChat"); a
 * Chinese reply says them in Chinese. A name without a label here is shown as the wallet sent it,
 * marked as the wallet's own wording, never guessed.
 */

const PLATFORMS: Record<string, string> = {
  wechat: '微信',
  'wechat pay': '微信支付',
  weixin: '微信',
  alipay: '支付宝',
  qq: 'QQ',
  weibo: '微博',
  douyin: '抖音',
  taobao: '淘宝',
  'jd.com': '京东',
  unionpay: '银联',
};

const BANKS: Record<string, string> = {
  'china merchants bank': '招商银行',
  cmb: '招商银行',
  'industrial and commercial bank of china': '中国工商银行',
  icbc: '中国工商银行',
  'bank of china': '中国银行',
  boc: '中国银行',
  'china construction bank': '中国建设银行',
  ccb: '中国建设银行',
  'agricultural bank of china': '中国农业银行',
  abc: '中国农业银行',
  'bank of communications': '交通银行',
  'postal savings bank of china': '中国邮政储蓄银行',
  'china citic bank': '中信银行',
  'citic bank': '中信银行',
  'china everbright bank': '中国光大银行',
  'ping an bank': '平安银行',
  'china minsheng bank': '中国民生银行',
  'industrial bank': '兴业银行',
  'hua xia bank': '华夏银行',
  'spd bank': '浦发银行',
  'shanghai pudong development bank': '浦发银行',
  'guangfa bank': '广发银行',
  'china guangfa bank': '广发银行',
  'bank of beijing': '北京银行',
  'bank of shanghai': '上海银行',
};

const CARD_KINDS: Record<string, string> = {
  'debit card': '借记卡',
  'credit card': '信用卡',
  card: '卡',
  'bank card': '银行卡',
  account: '账户',
  'savings account': '储蓄账户',
};

const CARD_NAME = new RegExp(`^(.+?)\\s+(${Object.keys(CARD_KINDS).sort((a, b) => b.length - a.length).join('|')})$`);

/** A linked account's name in the reply's language. */
export function linkedAccountName(account: LinkedAccount, locale: Locale): string {
  if (locale !== 'zh-CN' || /\p{Script=Han}/u.test(account.name)) return account.name;
  const key = account.name.trim().toLowerCase().replace(/\s+/g, ' ');
  const platform = PLATFORMS[key];
  if (platform) return platform;
  const card = CARD_NAME.exec(key);
  const bank = card ? BANKS[card[1]!] : BANKS[key];
  if (bank) return card ? `${bank}${CARD_KINDS[card[2]!]}` : bank;
  return ct(account.type === 'bank_card' ? 'unlabelledBankCard' : 'unlabelledLinked', locale, { name: account.name });
}
