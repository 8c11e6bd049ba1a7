import { redactText } from '../../observability/redact';

/**
 * A bot message with `channelData.sensitiveInput === true` asks for something that must not be
 * kept (a verification code): the person's next message reaches the bot unchanged, but the copy
 * kept in the transcript and echoed to the widget is masked.
 */
export const SENSITIVE_INPUT_FLAG = 'sensitiveInput';

export const MASKED_TEXT = '••••••';

export function asksForSensitiveInput(activity: { type?: string; channelData?: unknown }): boolean {
  if (activity.type !== 'message') return false;
  const data = activity.channelData;
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[SENSITIVE_INPUT_FLAG] === true;
}

/** The transcript copy of a sensitive reply: text masked, value and attachments dropped. */
export function maskSensitive(activity: Record<string, unknown>): Record<string, unknown> {
  const { value: _value, attachments: _attachments, ...rest } = activity;
  return { ...rest, text: MASKED_TEXT };
}

/** The transcript copy of any other client message: phone numbers, emails and code-like numbers in its text masked. */
export function redactActivity(activity: Record<string, unknown>): Record<string, unknown> {
  return typeof activity['text'] === 'string' ? { ...activity, text: redactText(activity['text']) } : activity;
}
