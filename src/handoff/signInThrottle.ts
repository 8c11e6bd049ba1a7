/**
 * Failed sign-ins per address in a fixed window: after `limit` failures the address waits for the
 * window to end. Successful sign-ins do not count, so a busy desk behind one address is not locked
 * out by its own agents. In this process only; several instances would share it through Redis.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the address must wait before trying again; 0 when it may try. */
  wait(address: string): number {
    const entry = this.current(address);
    if (!entry || entry.count < this.limit) return 0;
    return Math.max(1, Math.ceil((entry.start + this.windowMs - this.now()) / 1000));
  }

  fail(address: string): void {
    const entry = this.current(address);
    if (entry) entry.count++;
    else {
      if (this.failures.size > 10_000) this.sweep();
      this.failures.set(address, { start: this.now(), count: 1 });
    }
  }

  private current(address: string): { start: number; count: number } | undefined {
    const entry = this.failures.get(address);
    if (entry && this.now() - entry.start >= this.windowMs) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    for (const [address, entry] of this.failures) if (this.now() - entry.start >= this.windowMs) this.failures.delete(address);
  }
}
