import { describe, expect, it } from 'vitest';
import { ActivityHub, type HubEvent } from '../../src/channels/directline/activityHub';

const typing = (text: string): HubEvent => ({ kind: 'ephemeral', activity: { type: 'typing', text } });

describe('ActivityHub', () => {
  it('tells every stream of a conversation, and only those still subscribed', () => {
    const hub = new ActivityHub();
    const heard: string[] = [];
    const leaveA = hub.subscribe('c1', (e) => heard.push(`a:${String(e.activity['text'])}`));
    hub.subscribe('c1', (e) => heard.push(`b:${String(e.activity['text'])}`));
    hub.subscribe('c2', (e) => heard.push(`other:${String(e.activity['text'])}`));

    hub.publish('c1', typing('1'));
    leaveA();
    leaveA();
    hub.publish('c1', typing('2'));
    expect(heard).toEqual(['a:1', 'b:1', 'b:2']);
    expect(hub.listenerCount('c1')).toBe(1);
  });

  it('lets a listener leave during a publish without costing the next one its event', () => {
    const hub = new ActivityHub();
    const heard: string[] = [];
    const leaveFirst = hub.subscribe('c1', () => {
      heard.push('first');
      leaveFirst();
    });
    const leaveSecond = hub.subscribe('c1', () => heard.push('second'));
    hub.publish('c1', typing('x'));
    expect(heard).toEqual(['first', 'second']);
    leaveSecond();
    expect(hub.listenerCount('c1')).toBe(0);
  });
});
