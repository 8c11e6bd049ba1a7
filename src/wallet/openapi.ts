import { z } from 'zod';
import { operations, OPERATION_IDS, type OperationSpec } from './operations';
import * as s from './schemas';

/**
 * Builds the wallet API's OpenAPI 3.1 document from the zod schemas and the operation table, so the
 * document and the code cannot disagree.
 */

/** Schemas published under components.schemas, by name; nested ones become $refs. */
const NAMED_SCHEMAS: Record<string, z.ZodType> = {
  Money: s.Money,
  LinkedAccount: s.LinkedAccount,
  Blocker: s.Blocker,
  ClosureStatus: s.ClosureStatus,
  CreateChallengeRequest: s.CreateChallengeRequest,
  Challenge: s.Challenge,
  VerifyChallengeRequest: s.VerifyChallengeRequest,
  Verification: s.Verification,
  ClosureEligibility: s.ClosureEligibility,
  FileClosureRequest: s.FileClosureRequest,
  ClosureRequestFiled: s.ClosureRequestFiled,
  ClosureRequest: s.ClosureRequest,
  ClosureRequestList: s.ClosureRequestList,
  ClosureRequestState: s.ClosureRequestState,
  ClosureStatusEvent: s.ClosureStatusEvent,
  ApiError: s.ApiError,
  ApiErrorEnvelope: s.ApiErrorEnvelope,
};

type JsonObject = Record<string, unknown>;

function componentSchemas(): { schemas: Record<string, JsonObject>; refOf: Map<z.ZodType, string> } {
  const registry = z.registry<{ id: string }>();
  const refOf = new Map<z.ZodType, string>();
  for (const [name, schema] of Object.entries(NAMED_SCHEMAS)) {
    registry.add(schema, { id: name });
    refOf.set(schema, `#/components/schemas/${name}`);
  }
  // 'input' keeps objects open (no additionalProperties: false): clients must tolerate new fields.
  const out = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'input' });
  const schemas: Record<string, JsonObject> = {};
  for (const [name, schema] of Object.entries(out.schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as JsonObject;
    schemas[name] = rest;
  }
  return { schemas, refOf };
}

function schemaRef(schema: z.ZodType, refOf: Map<z.ZodType, string>): JsonObject {
  const ref = refOf.get(schema);
  if (ref) return { $ref: ref };
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonObject;
  return rest;
}

function pathParameters(path: string): JsonObject[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: m[1] === 'accountId' ? schemaRef(s.AccountId, new Map()) : { type: 'string' },
  }));
}

function queryParameters(query: z.ZodObject | undefined): JsonObject[] {
  if (!query) return [];
  return Object.entries(query.shape).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema: schemaRef(schema as z.ZodType, new Map()),
  }));
}

function errorResponses(op: OperationSpec): Record<string, JsonObject> {
  const byStatus = new Map<number, string[]>();
  for (const code of op.errors) {
    const status = s.API_ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, JsonObject> = {};
  for (const [status, codes] of [...byStatus.entries()].sort((a, b) => a[0] - b[0])) {
    responses[String(status)] = {
      description: `Error: ${codes.join(', ')}.`,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorEnvelope' } } },
    };
  }
  return responses;
}

function securityOf(op: OperationSpec): JsonObject[] {
  if (op.auth === 'bearer') return [{ verificationToken: [], apiKey: [] }, { verificationToken: [] }];
  if (op.auth === 'service') return [{ apiKey: [] }];
  return [{ apiKey: [] }, {}];
}

/** The calls the wallet makes to the bot (OpenAPI 3.1 `webhooks`). */
function webhooks(refOf: Map<z.ZodType, string>): JsonObject {
  return {
    closureStatusChanged: {
      post: {
        operationId: 'closureStatusChanged',
        summary: 'A closure request changed state (confirmed by email, completed, cancelled, rejected).',
        description:
          'POSTed to the URL the bot operator registered (the bot serves it at `/api/wallet/webhook`). Signed with ' +
          'the secret both sides share: `X-Wallet-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. ' +
          'The bot refuses a missing or wrong signature, or one more than 5 minutes old, with 401, and a body over 4 KB with 413. ' +
          'A delivery that gets no 2xx may be retried with the same eventId; the bot also polls ' +
          '`getClosureRequestState`, so a lost delivery delays a notice but never loses it.',
        parameters: [
          {
            name: s.WEBHOOK_SIGNATURE_HEADER,
            in: 'header',
            required: true,
            schema: { type: 'string', pattern: '^t=\\d+,v1=[0-9a-f]{64}$' },
          },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: schemaRef(s.ClosureStatusEvent, refOf) } } },
        responses: {
          '204': { description: 'Received (also for a request the bot did not file, or a repeat).' },
          '400': { description: 'The body is not a ClosureStatusEvent.' },
          '401': { description: 'Missing, wrong or stale signature: nothing was done.' },
          '413': { description: 'Body too large.' },
          '429': { description: 'Too many deliveries; retry later.' },
        },
      },
    },
  };
}

export interface OpenApiOptions {
  /** Absolute or relative URL of the API base (the part before /v1). */
  serverUrl?: string;
}

export function buildOpenApiDocument(options: OpenApiOptions = {}): JsonObject {
  const { schemas, refOf } = componentSchemas();
  const paths: Record<string, Record<string, JsonObject>> = {};

  for (const id of OPERATION_IDS) {
    const op: OperationSpec = operations[id];
    const parameters: JsonObject[] = [...pathParameters(op.path), ...queryParameters(op.query)];
    if (op.idempotencyKey) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: op.idempotencyKey === 'required',
        schema: schemaRef(s.IdempotencyKey, new Map()),
        description:
          op.idempotencyKey === 'required'
            ? 'Reuse the same key when retrying; the first successful response is replayed.'
            : 'Reuse the same key when retrying a check whose answer was lost; its first answer is replayed, and no attempt is counted again.',
      });
    }
    const operation: JsonObject = {
      operationId: id,
      summary: op.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaRef(op.body, refOf) } } } }
        : {}),
      responses: {
        [String(op.success.status)]: {
          description: op.success.description,
          content: { 'application/json': { schema: schemaRef(op.success.schema, refOf) } },
        },
        ...errorResponses(op),
      },
      security: securityOf(op),
    };
    (paths[op.path] ??= {})[op.method] = operation;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'im Wallet API (closure subset)',
      version: '1.0.0',
      description:
        'Identity challenges, closure eligibility and closure requests. Errors are always ' +
        '`{ "error": { "code", "message", ...details } }`. The service key (X-Api-Key) is required only ' +
        'when the server is configured with one, except on `/v1/service/...` (server-to-server calls), which a production wallet always requires it for ' +
        '(the sandbox started without a key accepts them: it serves development only). ' +
        'State changes of closure requests are pushed to the bot through the `closureStatusChanged` webhook.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
    webhooks: webhooks(refOf),
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        verificationToken: { type: 'http', scheme: 'bearer', description: 'verificationToken from verifyChallenge.' },
      },
    },
  };
}
