import type { RedisLink } from './redisLink';

/**
 * Names that may be claimed once until they expire (a Direct Line stream token's id): in Redis, so
 * the claim holds across instances, and in this process too, which is all that holds while Redis is away.
 */
export class OnceClaims {
  /** Claimed here: name -> expiry, epoch seconds. */
  private readonly local = new Map<string, number>();

  constructor(private readonly link: RedisLink | undefined) {}

  /** True for the first claim of `name` before `expiresAt` (epoch seconds), false for every later one. */
  async claim(name: string, expiresAt: number): Promise<boolean> {
    if (this.local.has(name)) return false;
    this.local.set(name, expiresAt);
    const link = this.link;
    if (!link?.available) return true;
    try {
      const set = await link.client.set(link.key('once', name), '1', 'EXAT', Math.max(expiresAt, Math.floor(Date.now() / 1000) + 1), 'NX');
      return set === 'OK';
    } catch {
      return true;
    }
  }

  /** Forgets local claims that have expired. */
  sweep(nowSeconds = Math.floor(Date.now() / 1000)): void {
    for (const [name, exp] of this.local) if (exp < nowSeconds) this.local.delete(name);
  }
}
