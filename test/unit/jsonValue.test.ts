import { describe, expect, it } from 'vitest';
import { toJsonValue } from '../../src/channels/jsonValue';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('toJsonValue', () => {
  it('gives what a JSON round trip gives for an activity with Dates, cards, undefined fields and odd numbers', () => {
    const activity = {
      type: 'message',
      text: '注销后还能恢复吗',
      timestamp: new Date('2026-12-02T06:00:00.000Z'),
      localTimestamp: undefined,
      replyToId: undefined,
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { body: [{ type: 'TextBlock', text: 'x', wrap: true }], actions: [] } },
      ],
      suggestedActions: { to: undefined, actions: [{ type: 'imBack', title: '继续', value: '继续', image: undefined }] },
      channelData: { sources: [{ id: 'recovery', title: 'Recovery', score: 0.8125 }], sensitiveInput: false, nested: [[1, [2, null]]] },
      entities: [undefined, () => 1, Number.NaN, Number.POSITIVE_INFINITY, -0, { at: new Date(0) }],
      handler: () => undefined,
      empty: {},
    };
    expect(toJsonValue(activity)).toStrictEqual(roundTrip(activity));
  });

  it('copies: changing the original afterwards does not change what was sent', () => {
    const activity = { channelData: { sources: [{ id: 'a' }] } };
    const sent = toJsonValue(activity) as typeof activity;
    activity.channelData.sources[0]!.id = 'b';
    expect(sent.channelData.sources[0]!.id).toBe('a');
  });

  it('uses toJSON as JSON.stringify does, at the top and inside', () => {
    const custom = { toJSON: (key: string) => `custom at "${key}"` };
    expect(toJsonValue({ a: custom, list: [custom] })).toStrictEqual(roundTrip({ a: custom, list: [custom] }));
    expect(toJsonValue(new Date(0))).toBe(roundTrip(new Date(0)));
  });
});
