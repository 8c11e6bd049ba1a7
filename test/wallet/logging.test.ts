import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { newIdempotencyKey } from '../../src/wallet/client';
import { startTestWallet } from '../support/walletTestServer';

/** Codes, tokens and full phone numbers never reach a log line, from the client or the sandbox. */
describe('wallet logging', () => {
  it('never logs a verification code, a token or a full phone number', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    // No redaction configured here on purpose: the wallet code itself must not log these values.
    const logger = pino({ level: 'trace' }, sink);
    const wallet = await startTestWallet({ logger }, logger);
    try {
      const client = wallet.client();
      const phone = '13800000001';
      const challenge = await client.createChallenge(phone);
      const code = await wallet.latestCode(phone);
      const wrong = code === '987654' ? '456789' : '987654';
      await client.verifyChallenge(challenge.challengeId, wrong).catch(() => undefined);
      const session = await client.verifyChallenge(challenge.challengeId, code);
      wallet.sandbox.faults.inject({ operation: 'fileClosureRequest', kind: 'drop-after-commit' });
      wallet.sandbox.faults.inject({ operation: 'getClosureEligibility', kind: 'malformed' });
      await client.getClosureEligibility(session).catch(() => undefined);
      await client.fileClosureRequest(session, { idempotencyKey: newIdempotencyKey() });

      expect(lines.length).toBeGreaterThan(5);
      expect(lines.some((l) => l.includes('retrying'))).toBe(true);
      // Whole-token matches: a 6-digit code may legitimately occur inside a timestamp or an id.
      const standalone = (value: string) => new RegExp(`(?<![0-9A-Za-z_-])${value}(?![0-9A-Za-z_-])`);
      for (const line of lines) {
        expect(line).not.toMatch(standalone(code));
        expect(line).not.toMatch(standalone(wrong));
        expect(line).not.toContain(session.verificationToken);
        expect(line).not.toMatch(standalone(phone));
      }
    } finally {
      await wallet.close();
    }
  });
});
