import type { LinkedAccount } from '../schemas';

/** What a demo account exercises in the closure dialog. */
export type DemoScenario =
  | 'closable'
  | 'balance-left'
  | 'pending-transaction'
  | 'linked-accounts'
  | 'locked'
  | 'multiple-blockers';

export interface DemoAccount {
  accountId: string;
  phone: string;
  email: string;
  scenario: DemoScenario;
  status: 'active' | 'locked';
  balanceFen: number;
  pendingTransactions: number;
  linkedAccounts: LinkedAccount[];
}

const bankCard: LinkedAccount = { type: 'bank_card', name: 'China Merchants Bank debit card', masked: '**** 1234' };
const wechat: LinkedAccount = { type: 'social', name: 'WeChat', masked: 'wx_***89' };

/** Phone 138000000NN, account W100000NN and demoNN@example.com all share the number NN. */
function demo(n: number, scenario: DemoScenario, extra: Partial<DemoAccount> = {}): DemoAccount {
  return {
    accountId: `W${String(10_000_000 + n)}`,
    phone: `138${String(n).padStart(8, '0')}`,
    email: `demo${n}@example.com`,
    scenario,
    status: 'active',
    balanceFen: 0,
    pendingTransactions: 0,
    linkedAccounts: [],
    ...extra,
  };
}

/** Seeded on first start (and on POST /sandbox/reset); listed at GET /sandbox/accounts. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  demo(1, 'closable'),
  demo(2, 'closable'),
  demo(3, 'closable'),
  demo(4, 'closable'),
  demo(5, 'closable'),
  demo(6, 'balance-left', { balanceFen: 12_850 }),
  demo(7, 'pending-transaction', { pendingTransactions: 1 }),
  demo(8, 'linked-accounts', { linkedAccounts: [bankCard, wechat] }),
  demo(9, 'locked', { status: 'locked' }),
  demo(10, 'multiple-blockers', { balanceFen: 5_000, pendingTransactions: 2, linkedAccounts: [bankCard] }),
];
