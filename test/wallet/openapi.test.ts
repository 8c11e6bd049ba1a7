import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/wallet/openapi';
import { operations, OPERATION_IDS } from '../../src/wallet/operations';
import { startTestWallet } from '../support/walletTestServer';

describe('wallet OpenAPI document', () => {
  it('is generated from the zod schemas and covers every path and operation', () => {
    const doc = buildOpenApiDocument() as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const expected = [
      ['post', '/v1/identity/challenges'],
      ['post', '/v1/identity/challenges/{challengeId}/resend'],
      ['post', '/v1/identity/challenges/{challengeId}/verify'],
      ['get', '/v1/accounts/{accountId}/closure-eligibility'],
      ['post', '/v1/accounts/{accountId}/closure-requests'],
      ['get', '/v1/accounts/{accountId}/closure-requests'],
      ['get', '/v1/closure-requests/{requestId}'],
      ['post', '/v1/closure-requests/{requestId}/cancel'],
      ['get', '/v1/service/closure-requests/{requestId}'],
    ] as const;
    for (const [method, path] of expected) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    for (const id of OPERATION_IDS) {
      const op = operations[id];
      expect(doc.paths[op.path]?.[op.method]?.operationId).toBe(id);
      expect(doc.paths[op.path]?.[op.method]?.responses[String(op.success.status)]).toBeDefined();
    }
    expect(doc.components.schemas.Blocker).toBeDefined();
    expect(JSON.stringify(doc.components.schemas.ApiError)).toContain('attemptsLeft');
    // Nested schemas are shared by reference, not copied.
    expect(JSON.stringify(doc.components.schemas.ClosureEligibility)).toContain('#/components/schemas/Blocker');
    const filing = doc.paths['/v1/accounts/{accountId}/closure-requests']?.post as unknown as { parameters: { name: string; required: boolean }[] };
    expect(filing.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', required: true }));
  });

  it('documents the status webhook with its signature, and a status read for the poller that needs the service key only', () => {
    const doc = buildOpenApiDocument() as {
      paths: Record<string, Record<string, { security: Record<string, unknown>[] }>>;
      webhooks: Record<string, { post: { parameters: { name: string; in: string; required: boolean }[]; requestBody: unknown; responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, unknown> };
    };
    const hook = doc.webhooks.closureStatusChanged!.post;
    expect(hook.parameters).toContainEqual(expect.objectContaining({ name: 'X-Wallet-Signature', in: 'header', required: true }));
    expect(JSON.stringify(hook.requestBody)).toContain('#/components/schemas/ClosureStatusEvent');
    expect(Object.keys(hook.responses)).toEqual(expect.arrayContaining(['204', '401', '413']));
    expect(JSON.stringify(doc.components.schemas.ClosureStatusEvent)).toContain('previousStatus');
    // No anonymous alternative and no person's token: the service key alone.
    expect(doc.paths['/v1/service/closure-requests/{requestId}']!.get!.security).toEqual([{ apiKey: [] }]);
  });

  it('is served by the sandbox at /sandbox/wallet/openapi.json with the API base as server', async () => {
    const wallet = await startTestWallet();
    try {
      const res = await fetch(`${wallet.url}/sandbox/wallet/openapi.json`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { servers: { url: string }[]; paths: Record<string, unknown> };
      expect(doc.servers[0]?.url).toBe(wallet.apiBase);
      expect(Object.keys(doc.paths)).toHaveLength(8);
    } finally {
      await wallet.close();
    }
  });
});
