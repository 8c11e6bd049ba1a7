import { hkdfSync, randomUUID, timingSafeEqual, webcrypto } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { RecentCache } from '../../knowledge/recentCache';
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
/** Verified tokens remembered: about one per active conversation (some 400 bytes each). */
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
  /** Tokens whose signature was verified, with their claims: every POST and poll carries one. */
  private readonly verified = new RecentCache<TokenClaims>(VERIFIED_TOKENS);

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
    const known = this.verified.get(token);
    if (known && known.exp > Math.floor(this.now() / 1000)) return known;
    const claims = await this.verifySignature(token);
    this.verified.set(token, claims);
    return claims;
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
