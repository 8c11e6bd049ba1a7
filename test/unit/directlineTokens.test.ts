import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertConversationAccess, authenticate } from '../../src/channels/directline/auth';
import { DirectLineError } from '../../src/channels/directline/errors';
import { resolveDirectLineSecret } from '../../src/channels/directline/secret';
import { DirectLineTokens } from '../../src/channels/directline/tokens';
import { activityId, nextWatermark, parseWatermark } from '../../src/channels/directline/watermark';

const SECRET = 'test-secret-0123456789abcdef';

async function rejection(promise: Promise<unknown>): Promise<DirectLineError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DirectLineError) return err;
    throw err;
  }
  throw new Error('expected a DirectLineError');
}

describe('Direct Line tokens', () => {
  it('carries the conversation and a dl_ user Web Chat can read, and expires after the TTL', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const tokens = new DirectLineTokens(SECRET, 1800, () => now);
    const { token, expiresIn } = await tokens.issue('conv1', 'dl_abc');
    expect(expiresIn).toBe(1800);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ conv: 'conv1', user: 'dl_abc', scope: 'conversation' });

    now += 1799_000;
    await expect(tokens.verify(token)).resolves.toMatchObject({ conversationId: 'conv1', userId: 'dl_abc' });
    now += 2000;
    const expired = await rejection(tokens.verify(token));
    expect([expired.status, expired.code]).toEqual([403, 'TokenExpired']);
  });

  it('remembers a verified conversation token only until it expires, and a stream token not at all', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const tokens = new DirectLineTokens(SECRET, 1800, () => now);
    const idle = await tokens.issue('conv1', 'dl_a');
    await tokens.verify(idle.token);
    await tokens.verify((await tokens.issue('conv1', 'dl_a', 'stream')).token);
    expect(tokens.rememberedTokens).toBe(1);

    now += 1801_000;
    const active = await tokens.issue('conv2', 'dl_b');
    await expect(tokens.verify(active.token)).resolves.toMatchObject({ conversationId: 'conv2' });
    expect(tokens.rememberedTokens).toBe(1);
    expect((await rejection(tokens.verify(idle.token))).code).toBe('TokenExpired');
  });

  it('rejects tampered tokens, tokens from another secret and garbage with 403', async () => {
    const tokens = new DirectLineTokens(SECRET, 1800);
    const other = new DirectLineTokens('another-secret-0123456789', 1800);
    const { token } = await tokens.issue('conv1', 'dl_abc');
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), conv: 'conv2' })).toString('base64url');
    for (const bad of [`${h}.${forged}.${s}`, (await other.issue('conv1', 'dl_abc')).token, 'not-a-token', '']) {
      const err = await rejection(tokens.verify(bad));
      expect([err.status, err.code]).toEqual([403, 'TokenInvalid']);
    }
  });

  it('tells the secret from a token, in constant time, and scopes tokens to their conversation', async () => {
    const tokens = new DirectLineTokens(SECRET, 1800);
    expect(tokens.isSecret(SECRET)).toBe(true);
    expect(tokens.isSecret(`${SECRET}x`)).toBe(false);
    expect(await authenticate(`Bearer ${SECRET}`, tokens)).toEqual({ kind: 'secret' });

    const auth = await authenticate(`Bearer ${(await tokens.issue('conv1', 'dl_a')).token}`, tokens);
    expect(() => assertConversationAccess(auth, 'conv1')).not.toThrow();
    expect(() => assertConversationAccess(auth, 'conv2')).toThrow(/another conversation/);
    expect(() => assertConversationAccess({ kind: 'secret' }, 'conv2')).not.toThrow();
  });

  it('answers a missing or malformed Authorization header with 401, a stream token on REST with 403', async () => {
    const tokens = new DirectLineTokens(SECRET, 1800);
    for (const header of [undefined, '', 'Basic abc', 'Bearer']) {
      expect((await rejection(authenticate(header, tokens))).status).toBe(401);
    }
    const stream = await tokens.issue('conv1', 'dl_a', 'stream');
    expect(stream.expiresIn).toBe(60);
    expect((await rejection(authenticate(`Bearer ${stream.token}`, tokens))).status).toBe(403);
  });
});

describe('Direct Line secret', () => {
  it('uses the configured secret, else generates one once and keeps it owner-only under DATA_DIR', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-secret-'));
    try {
      expect(resolveDirectLineSecret('configured-secret-value', dir)).toBe('configured-secret-value');
      const generated = resolveDirectLineSecret(undefined, dir);
      expect(generated.length).toBeGreaterThanOrEqual(32);
      expect(resolveDirectLineSecret(undefined, dir)).toBe(generated);
      expect(fs.statSync(path.join(dir, 'directline-secret')).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('watermarks', () => {
  it('parses what the server handed out and nothing else', () => {
    expect(parseWatermark(undefined)).toBeUndefined();
    expect(parseWatermark('')).toBeUndefined();
    expect(parseWatermark('0')).toBe(0);
    expect(parseWatermark('42')).toBe(42);
    for (const bad of ['-1', '1.5', 'abc', '0000a-42', ['1', '2'], '9'.repeat(16)]) {
      expect(() => parseWatermark(bad)).toThrow(DirectLineError);
    }
  });

  it('advances to the last activity returned, and never past the newest that exists', () => {
    expect(nextWatermark(3, [4, 5, 6], 6)).toBe(6);
    expect(nextWatermark(6, [], 6)).toBe(6);
    expect(nextWatermark(99, [], 6)).toBe(6);
    expect(nextWatermark(0, [], 0)).toBe(0);
  });

  it('numbers activity ids so they sort in order', () => {
    expect(activityId('abc', 42)).toBe('abc|0000042');
    expect(activityId('abc', 9) < activityId('abc', 10)).toBe(true);
  });
});
