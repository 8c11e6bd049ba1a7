import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { WalletSession } from '../../src/wallet/client';
import type { Verification } from '../../src/wallet/schemas';
import { StateCipher } from '../../src/storage/stateCipher';

/**
 * The conversation's proof of identity and its recent code requests, kept in conversation state so
 * the status flow (or a second closure attempt) within the token's lifetime needs no new code. The
 * wallet's token is sealed (AES-GCM, bound to the conversation) and dropped once it expires; never
 * the code, the phone number or email the person typed.
 */
export interface StoredVerification {
  accountId?: string;
  /** The verification token, sealed by StateCipher. */
  sealedToken?: string;
  /** ISO time the wallet said the token expires. */
  expiresAt?: string;
  /** Where the code went, masked (e.g. 138******01). */
  maskedDestination?: string;
  /** When this conversation asked the wallet for a code (epoch ms), within the last window. */
  codeRequests?: number[];
}

export interface VerifiedSession extends WalletSession {
  expiresAt: string;
  maskedDestination: string;
}

/** A token this close to expiry is not reused: the next wallet call could outlive it. */
const EXPIRY_MARGIN_MS = 60_000;

/** Codes one conversation may ask for (new or re-sent) per window: one chat cannot text phone after phone. */
export const CODE_REQUESTS_PER_CONVERSATION = 5;
export const CODE_REQUEST_WINDOW_MS = 15 * 60_000;

export class VerificationStore {
  constructor(
    private readonly accessor: StatePropertyAccessor<StoredVerification | undefined>,
    private readonly now: () => number,
    private readonly cipher: StateCipher = StateCipher.ephemeral(),
  ) {}

  /** The stored verification while it is still valid; an expired one is forgotten. */
  async valid(context: TurnContext): Promise<VerifiedSession | undefined> {
    const stored = await this.accessor.get(context);
    if (!stored?.sealedToken || !stored.accountId || !stored.expiresAt) return undefined;
    const verificationToken =
      Date.parse(stored.expiresAt) - EXPIRY_MARGIN_MS > this.now() ? this.cipher.open(stored.sealedToken, conversationKey(context)) : undefined;
    if (verificationToken === undefined) {
      await this.clear(context);
      return undefined;
    }
    return { accountId: stored.accountId, verificationToken, expiresAt: stored.expiresAt, maskedDestination: stored.maskedDestination ?? '' };
  }

  async save(context: TurnContext, verification: Verification, maskedDestination: string): Promise<void> {
    const { accountId, verificationToken, expiresAt } = verification;
    const stored = (await this.accessor.get(context)) ?? {};
    await this.accessor.set(context, {
      ...stored,
      accountId,
      sealedToken: this.cipher.seal(verificationToken, conversationKey(context)),
      expiresAt,
      maskedDestination,
    });
  }

  /** Forget it (expired, or the wallet said it does not match); the code-request count stays. */
  async clear(context: TurnContext): Promise<void> {
    const stored = await this.accessor.get(context);
    if (stored?.codeRequests?.length) await this.accessor.set(context, { codeRequests: stored.codeRequests });
    else await this.accessor.delete(context);
  }

  /** Counts one code request for this conversation; 0 when allowed, else the seconds until the next one may be. */
  async takeCodeRequest(context: TurnContext): Promise<number> {
    const now = this.now();
    const stored = (await this.accessor.get(context)) ?? {};
    const recent = (stored.codeRequests ?? []).filter((at) => at > now - CODE_REQUEST_WINDOW_MS);
    if (recent.length >= CODE_REQUESTS_PER_CONVERSATION) return Math.max(1, Math.ceil((recent[0]! + CODE_REQUEST_WINDOW_MS - now) / 1000));
    await this.accessor.set(context, { ...stored, codeRequests: [...recent, now] });
    return 0;
  }
}

/** What a sealed token is bound to: the channel and conversation it was verified in. */
function conversationKey(context: TurnContext): string {
  return `${context.activity.channelId}/${context.activity.conversation?.id ?? ''}`;
}
