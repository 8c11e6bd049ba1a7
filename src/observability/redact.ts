import { maskEmail, maskPhone } from './logger';
import { MASKED_TEXT } from '../channels/directline/sensitiveInput';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** A phone number: 7 to 15 digits, or 3-4-4 groups, perhaps after a country code ("+86 138 0000 0001"). */
const PHONE = /(?<![A-Za-z0-9])(?:\+\d{1,3}[\s-]?)?(?:\d{3}[\s-]\d{4}[\s-]\d{4}|\d{7,15})(?![0-9])/g;
/** A code-like number: 6 to 8 digits standing alone, perhaps written with spaces ("1 2 3 4 5 6"). */
const CODE = /(?<![A-Za-z0-9.,-])\d(?: ?\d){5,7}(?![0-9-]|[.,]\d)/g;
/** What PHONE and CODE both need somewhere in the text. */
const DIGIT = /\d/;

/**
 * Free text as it may be kept (stored activities, transcripts, what an agent sees): email
 * addresses, phone numbers and code-like numbers masked the way replies mask them.
 */
export function redactText(text: string): string {
  // Most text (every bot answer kept in a transcript) has neither: the patterns need not scan it.
  const masked = text.includes('@') ? text.replace(EMAIL, (email) => maskEmail(email)) : text;
  if (!DIGIT.test(masked)) return masked;
  return masked.replace(PHONE, (phone) => maskPhone(phone)).replace(CODE, () => MASKED_TEXT);
}
