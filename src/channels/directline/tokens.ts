import { hkdfSync, randomUUID, timingSafeEqual, webcrypto } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { DirectLineError } from './errors';

/** `conversation` tokens open the REST API for one conversation; `stream` tokens only open its WebSocket. */
export type TokenScope = 'conversation' | 'stream';

export interface TokenClaims {
  conversationId: string;
  userId: string;
  scope: TokenScope;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Stream tokens only: their id, so a stream URL opens once. */
  jti?: string;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

const ISSUER = 'wallet-support-bot/directline';
const AUDIENCE = 'directline';
/** A stream URL is for connecting now; DirectLineJS fetches a fresh one before every reconnect. */
export const STREAM_TOKEN_TTL_SECONDS = 60;
/** Verified conversation tokens remembered at most: about one per active conversation (some 600 bytes each). */
const VERIFIED_TOKENS = 10_000;

const claimsSchema = z.object({
  conv: z.string().min(1).max(64),
  user: z.string().min(1).max(128),
  scope: z.enum(['conversation', 'stream']),
  exp: z.number().int(),
  jti: z.string().max(64).optional(),
});

/**
 * Direct Line tokens: HS256 JWTs signed with a key derived from the secret (rotating the secret
 * revokes every token). Claims follow Azure's (`conv`, `user`) because Web Chat reads the user id
 * from `user`.
 */
export class DirectLineTokens {
  /** Imported once: with raw bytes jose would import the key on every call, which costs more than the HMAC. */
  private readonly key: Promise<CryptoKey>;
  private readonly secret: Buffer;
  /** Conversation tokens whose signature was verified, with their claims, oldest first: every POST and poll carries one. */
  private readonly verified = new Map<string, TokenClaims>();

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.secret = Buffer.from(secret);
    const raw = new Uint8Array(hkdfSync('sha256', secret, 'wallet-support-bot', 'directline-token-signing-v1', 32));
    this.key = webcrypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  /** Constant-time: the secret must not be guessable byte by byte from response timings. */
  isSecret(candidate: string): boolean {
    const given = Buffer.from(candidate);
    return given.length === this.secret.length && timingSafeEqual(given, this.secret);
  }

  async issue(conversationId: string, userId: string, scope: TokenScope = 'conversation'): Promise<IssuedToken> {
    const expiresIn = scope === 'stream' ? STREAM_TOKEN_TTL_SECONDS : this.ttlSeconds;
    const iat = Math.floor(this.now() / 1000);
    const token = await new SignJWT({ conv: conversationId, user: userId, scope, ...(scope === 'stream' ? { jti: randomUUID() } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + expiresIn)
      .sign(await this.key);
    if (scope === 'conversation') this.onConversationToken?.(conversationId, iat + expiresIn);
    return { token, expiresIn };
  }

  /** Told of every conversation token issued (its conversation and expiry), so streams can outlive it no longer. */
  onConversationToken: ((conversationId: string, exp: number) => void) | undefined;

  /** Throws a 403 DirectLineError: `TokenExpired` for a once-valid token, `TokenInvalid` otherwise. */
  async verify(token: string): Promise<TokenClaims> {
    // A token's signature and claims cannot change: checked once, only its expiry is checked again.
    const nowSeconds = Math.floor(this.now() / 1000);
    const known = this.verified.get(token);
    if (known && known.exp > nowSeconds) return known;
    const claims = await this.verifySignature(token);
    // A stream token opens one stream: remembering it would only cost memory.
    if (claims.scope === 'conversation') this.remember(token, claims, nowSeconds);
    return claims;
  }

  /** Conversation tokens remembered as verified (for tests and metrics). */
  get rememberedTokens(): number {
    return this.verified.size;
  }

  /**
   * Remembers a verified token, first dropping the oldest while they have expired or the cache is
   * full. Every conversation token lives the same TTL, so those remembered before one expire no
   * later than it: an idle conversation's token goes at the first verify one TTL after it came.
   */
  private remember(token: string, claims: TokenClaims, nowSeconds: number): void {
    for (const [oldest, oldestClaims] of this.verified) {
      if (oldestClaims.exp > nowSeconds && this.verified.size < VERIFIED_TOKENS) break;
      this.verified.delete(oldest);
    }
    this.verified.set(token, claims);
  }

  private async verifySignature(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      const claims = claimsSchema.parse(payload);
      return { conversationId: claims.conv, userId: claims.user, scope: claims.scope, exp: claims.exp, ...(claims.jti ? { jti: claims.jti } : {}) };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new DirectLineError(403, 'TokenExpired', 'The token has expired; get a new one.');
      throw new DirectLineError(403, 'TokenInvalid', 'The token is not valid.');
    }
  }

  /** Seconds left before `claims` expire (never negative). */
  remaining(claims: TokenClaims): number {
    return Math.max(0, claims.exp - Math.floor(this.now() / 1000));
  }
}
