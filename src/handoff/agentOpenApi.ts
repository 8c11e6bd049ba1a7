import { z } from 'zod';
import * as s from './agentApiSchemas';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } });
const error = (description: string) => ({ description, content: json(s.ApiError) });
const ok = (description: string, schema?: z.ZodType) => ({ description, ...(schema ? { content: json(schema) } : {}) });
const authed = { 401: error('Not signed in, or the session expired'), 429: error('Too many requests') };
const caseId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const caseAction = (summary: string, responses: Record<string, unknown>, body?: z.ZodType) => ({
  post: {
    summary,
    parameters: [caseId],
    ...(body ? { requestBody: { required: true, content: json(body) } } : {}),
    responses: { ...responses, 404: error('No such conversation'), 409: error('Held by another agent, or no longer open'), ...authed },
  },
});

/** The agent API as OpenAPI 3.1, served at /agent/api/openapi.json. */
export const agentOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Wallet Support Bot agent API',
    version: '1.0.0',
    description: 'The agent console’s actions, for any agent desk. See docs/handoff.md.',
  },
  servers: [{ url: '/agent/api' }],
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  security: [{ bearer: [] }],
  paths: {
    '/login': {
      post: {
        summary: 'Sign in',
        security: [],
        requestBody: { required: true, content: json(s.LoginRequest) },
        responses: { 200: ok('Signed in', s.LoginResponse), 400: error('Malformed body'), 401: error('Wrong user name or password'), 429: error('Too many failed sign-ins from this address') },
      },
    },
    '/logout': { post: { summary: 'Sign out', responses: { 204: ok('Signed out'), ...authed } } },
    '/queue': {
      get: { summary: 'Open conversations: urgent first, then by waiting time', responses: { 200: ok('The queue', z.array(s.QueueItem)), ...authed } },
    },
    '/conversations/{id}': {
      get: {
        summary: 'A conversation: summary, masked transcript, knowledge suggestions, who did what',
        parameters: [caseId],
        responses: { 200: ok('The conversation', s.Conversation), 404: error('No such conversation'), ...authed },
      },
    },
    '/conversations/{id}/claim': caseAction('Take the conversation; refused when another agent holds it', { 200: ok('Claimed', s.QueueItem) }),
    '/conversations/{id}/messages': caseAction('Send the person a message on their channel', { 201: ok('Sent'), 400: error('Empty or too long') }, s.MessageRequest),
    '/conversations/{id}/typing': caseAction('Show the typing indicator to the person', { 204: ok('Shown') }),
    '/conversations/{id}/release': caseAction('Hand the conversation back to the bot', { 200: ok('Released') }),
    '/conversations/{id}/close': caseAction('Close the conversation with a note', { 200: ok('Closed') }, s.CloseRequest),
    '/knowledge': {
      get: {
        summary: 'Knowledge answers for a question, to insert',
        parameters: [
          { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'locale', in: 'query', schema: { type: 'string', enum: ['zh-CN', 'en'] } },
        ],
        responses: { 200: ok('Answers', z.array(s.Suggestion)), 400: error('No question'), ...authed },
      },
    },
    '/ratings': { get: { summary: 'The people’s ratings per agent (leads only)', responses: { 200: ok('Ratings', z.array(s.Rating)), 403: error('Not a lead'), ...authed } } },
    '/events': {
      get: {
        summary: 'Server-sent events: `queue` when a case changes, `transcript` when its conversation gets a line',
        responses: { 200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...authed },
      },
    },
  },
} as const;
