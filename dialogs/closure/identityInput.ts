import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { isResendRequest } from '../../src/nlu/flowCommands';
import { recognizeChoice } from './choicePrompt';

/**
 * What the identity check accepts as typed input, validated before anything reaches the wallet:
 * a mainland mobile number (optionally +86, spaces or dashes between digits), an email address, or
 * a wallet account id (W + 8 digits); and 6-digit codes (spaces, full-width digits and Chinese
 * numerals tolerated).
 */

export const cnMobileSchema = z.string().regex(/^1[3-9]\d{9}$/);
export const accountIdSchema = z.string().regex(/^W\d{8}$/);
export const emailSchema = z.email();
export const accountRefSchema = z.union([cnMobileSchema, emailSchema, accountIdSchema]);

/** NFKC turns full-width digits, letters and ＠ into ASCII. */
const normalize = (text: string) => text.normalize('NFKC').trim();

const ACCOUNT_ID = /(?<![A-Za-z0-9])[Ww]\d{8}(?!\d)/;
const EMAIL_CANDIDATE = /[^\s@,，;；:：<>()（）"'“”‘’、]+@[^\s@,，;；:：<>()（）"'“”‘’、]+/;
const MOBILE_CANDIDATE = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/;

/** The account reference in a message, normalized for the wallet, or undefined when there is none. */
export function findAccountRef(text: string): string | undefined {
  const normalized = normalize(text);
  const id = ACCOUNT_ID.exec(normalized)?.[0].toUpperCase();
  if (id && accountIdSchema.safeParse(id).success) return id;
  const email = EMAIL_CANDIDATE.exec(normalized)?.[0].replace(/[.。]+$/, '').toLowerCase();
  if (email && emailSchema.safeParse(email).success) return email;
  const mobile = MOBILE_CANDIDATE.exec(normalized)?.[0];
  if (mobile) {
    let digits = mobile.replace(/\D/g, '');
    if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
    if (cnMobileSchema.safeParse(digits).success) return digits;
  }
  return undefined;
}

/** The message without the phone numbers, account ids and emails in it: what it asks, for the recognizer. */
export function withoutAccountRefs(text: string): string {
  return normalize(text)
    .replace(new RegExp(ACCOUNT_ID.source, 'g'), ' ')
    .replace(new RegExp(EMAIL_CANDIDATE.source, 'g'), ' ')
    .replace(new RegExp(MOBILE_CANDIDATE.source, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Chinese numerals as people type a code out ("幺二三四五六", "一二三 四五六"). */
const CHINESE_DIGITS: Record<string, string> = {
  零: '0', 〇: '0', '○': '0', 洞: '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 两: '2', 贰: '2', 三: '3', 叁: '3',
  四: '4', 肆: '4', 五: '5', 伍: '5', 六: '6', 陆: '6', 七: '7', 拐: '7', 柒: '7', 八: '8', 捌: '8', 九: '9', 勾: '9', 玖: '9',
};
const CHINESE_DIGIT_RUN = new RegExp(`[${Object.keys(CHINESE_DIGITS).join('')}\\d](?:[\\s-]*[${Object.keys(CHINESE_DIGITS).join('')}\\d]){5,}`, 'gu');

/** Runs of six or more digits written with Chinese numerals, as ASCII digits. */
function withArabicDigits(text: string): string {
  return text.replace(CHINESE_DIGIT_RUN, (run) => [...run].map((c) => CHINESE_DIGITS[c] ?? c).join(''));
}

/** The 6-digit code in a message ("123456", "123 456", "１２３４５６", "一二三四五六", "验证码是123456"), if exactly one. */
export function findCode(text: string): string | undefined {
  const compact = withArabicDigits(normalize(text)).replace(/(?<=\d)[\s-]+(?=\d)/g, '');
  const codes = compact.match(/(?<!\d)\d{6}(?!\d)/g) ?? [];
  return codes.length === 1 ? codes[0] : undefined;
}

export type CodeInput = { kind: 'code'; code: string } | { kind: 'resend' };

/** A code, or a request for a new one (tapped, or in the person's words: "no text came, again pls"). */
export function parseCodeInput(context: TurnContext): CodeInput | undefined {
  if (recognizeChoice(context, ['resend'])) return { kind: 'resend' };
  if (context.activity.value !== undefined) return undefined;
  const text = context.activity.text ?? '';
  if (isResendRequest(text) && findCode(text) === undefined) return { kind: 'resend' };
  const code = findCode(text);
  return code ? { kind: 'code', code } : undefined;
}
