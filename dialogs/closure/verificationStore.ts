import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { WalletSession } from '../../src/wallet/client';
import type { Verification } from '../../src/wallet/schemas';

/**
 * The conversation's proof of identity, kept in conversation state so the status flow (or a second
 * closure attempt) within its lifetime needs no new code. Holds the wallet's token and its expiry,
 * never the code, the phone number or email the person typed.
 */
export interface StoredVerification {
  accountId: string;
  verificationToken: string;
  /** ISO time the wallet said the token expires. */
  expiresAt: string;
  /** Where the code went, masked (e.g. 138******01). */
  maskedDestination: string;
}

/** A token this close to expiry is not reused: the next wallet call could outlive it. */
const EXPIRY_MARGIN_MS = 60_000;

export class VerificationStore {
  constructor(
    private readonly accessor: StatePropertyAccessor<StoredVerification | undefined>,
    private readonly now: () => number,
  ) {}

  /** The stored verification while it is still valid. */
  async valid(context: TurnContext): Promise<(StoredVerification & WalletSession) | undefined> {
    const stored = await this.accessor.get(context);
    if (!stored) return undefined;
    if (Date.parse(stored.expiresAt) - EXPIRY_MARGIN_MS <= this.now()) return undefined;
    return stored;
  }

  async save(context: TurnContext, verification: Verification, maskedDestination: string): Promise<void> {
    const { accountId, verificationToken, expiresAt } = verification;
    await this.accessor.set(context, { accountId, verificationToken, expiresAt, maskedDestination });
  }

  /** Forget it (the wallet said it expired or does not match). */
  async clear(context: TurnContext): Promise<void> {
    await this.accessor.delete(context);
  }
}
