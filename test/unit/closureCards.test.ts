import { describe, expect, it } from 'vitest';
import { parseActionValue } from '../../dialogs/actionValues';
import { blockersCard, filedCard, termsCard } from '../../dialogs/cards/closureCards';
import { button } from '../../dialogs/replies';

const agree = button('Agree and submit', { action: 'choice', choice: 'agree' });
const disagree = button("I don't agree", { action: 'choice', choice: 'disagree' });

describe('closure cards', () => {
  it('on Teams, Accept and Cancel are Action.Execute whose fallback submits the same value', () => {
    const card = termsCard({ terms: 'Closing is permanent.', ask: 'Do you agree?', buttons: [agree, disagree], locale: 'en' }, { universal: true });
    expect(card.version).toBe('1.4');
    const [accept, cancel] = card.actions!;
    expect(accept).toMatchObject({ type: 'Action.Execute', verb: 'choice', title: 'Agree and submit', style: 'positive' });
    expect(parseActionValue(accept!['data'])).toEqual({ action: 'choice', choice: 'agree' });
    expect(accept!['fallback']).toMatchObject({ type: 'Action.Submit', data: { action: 'choice', choice: 'agree' } });
    expect(cancel).toMatchObject({ type: 'Action.Execute', verb: 'choice', data: { action: 'choice', choice: 'disagree' } });
    expect(JSON.stringify(card.body)).toContain('Closing is permanent.');
  });

  it('where universal actions are unknown (Web Chat), buttons are Action.Submit only', () => {
    const card = termsCard({ terms: '注销后无法恢复。', ask: '同意吗？', buttons: [agree], locale: 'zh-CN' }, { universal: false });
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: 'Agree and submit', data: { action: 'choice', choice: 'agree' }, style: 'positive' }]);
    expect(JSON.stringify(card.body)).toContain('注销须知');
  });

  it('the filed card names the request id and the masked email, and has no Accept to tap again', () => {
    const status = button('Check closure status', { action: 'intent', intent: 'closure.status' });
    const card = filedCard({ requestId: 'CR-7F3K2', emailSentTo: 'l***@example.com', text: 'Open the link.', buttons: [status], locale: 'en' }, { universal: true });
    const text = JSON.stringify(card.body);
    expect(text).toContain('CR-7F3K2');
    expect(text).toContain('l***@example.com');
    expect(card.actions!.map((a) => (a['data'] as { action: string }).action)).toEqual(['intent']);
  });

  it('the blockers card gives each blocker its fix and offers check again', () => {
    const again = button('Check again', { action: 'choice', choice: 'checkAgain' });
    const card = blockersCard(
      { blockers: [{ problem: 'Balance CNY 12.00 left', fix: 'Withdraw it to your bank card' }, { problem: '1 pending transaction' }], buttons: [again], locale: 'en' },
      { universal: true },
    );
    const text = JSON.stringify(card.body);
    expect(text).toContain('What to do: Withdraw it to your bank card');
    expect(text).toContain('2. 1 pending transaction');
    expect(card.actions![0]).toMatchObject({ verb: 'choice', data: { choice: 'checkAgain' } });
  });
});
