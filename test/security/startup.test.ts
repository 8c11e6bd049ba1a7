import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { startTestServer } from '../support/testServer';

/** Production mode refuses what is only safe on a developer's machine, naming the variables that fix it. */
const base = { LOG_LEVEL: 'silent', KNOWLEDGE_DIR: path.resolve('knowledge') };

function refusal(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  return '';
}

describe('production start-up', () => {
  it('refuses unauthenticated /api/messages and names the variables', () => {
    const message = refusal({ NODE_ENV: 'production', WALLET_API_URL: 'https://wallet.example/api' });
    expect(message).toContain('MICROSOFT_APP_ID');
    expect(message).toContain('BOT_FRAMEWORK_ENDPOINT=off');
  });

  it('refuses the sandbox wallet and names WALLET_API_URL', () => {
    const message = refusal({ NODE_ENV: 'production', MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' });
    expect(message).toContain('WALLET_API_URL');
    expect(message).not.toContain('MICROSOFT_APP_ID is');
  });

  it('starts with credentials and a wallet, or with the endpoint turned off', () => {
    expect(refusal({ NODE_ENV: 'production', MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw', WALLET_API_URL: 'https://wallet.example' })).toBe('');
    expect(refusal({ NODE_ENV: 'production', BOT_FRAMEWORK_ENDPOINT: 'off', WALLET_API_URL: 'https://wallet.example' })).toBe('');
  });

  it('development keeps the two-command start', () => {
    expect(refusal({})).toBe('');
  });
});

describe('what a server exposes', () => {
  it('serves no /api/messages when the endpoint is off', async () => {
    const app = await startTestServer({ BOT_FRAMEWORK_ENDPOINT: 'off' });
    try {
      const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('gives sandbox pages the same security headers as the rest', async () => {
    const app = await startTestServer();
    try {
      for (const page of ['/sandbox/outbox', '/sandbox/accounts', '/sandbox/confirm/nope']) {
        const res = await fetch(`${app.url}${page}`);
        expect(res.headers.get('x-content-type-options'), page).toBe('nosniff');
        expect(res.headers.get('referrer-policy'), page).toBeTruthy();
        expect(res.headers.get('content-security-policy'), page).toContain("default-src 'none'");
      }
    } finally {
      await app.close();
    }
  });
});
