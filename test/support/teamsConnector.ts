import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** What the bot sent to the connector: a new message (POST) or a card replaced in place (PUT). */
export interface ConnectorCall {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The activity replied to (POST .../activities/{id}) or updated (PUT). */
  activityId: string | undefined;
  activity: Partial<Activity>;
  /** The Authorization header the bot sent. */
  authorization: string | undefined;
}

const ISSUER = 'https://api.botframework.com';

/**
 * A local stand-in for the Bot Framework: the connector service at `serviceUrl` records what the
 * bot posts and updates; the OpenID metadata and keys sign channel tokens for incoming requests
 * (endorsed for `msteams` and `webchat`), and the token endpoint gives the bot its outgoing token
 * for the app id and password it was made with.
 */
export async function startTeamsConnector(app: { appId: string; password: string }) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256', endorsements: ['msteams', 'webchat'] };
  const calls: ConnectorCall[] = [];
  const tokenRequests: URLSearchParams[] = [];
  const issuedTokens = new Set<string>();
  let baseUrl = '';

  const json = (res: http.ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = new URL(req.url ?? '/', 'http://connector').pathname;
        if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
          return json(res, 200, { issuer: ISSUER, jwks_uri: `${baseUrl}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
        }
        if (req.method === 'GET' && path === '/keys') return json(res, 200, { keys: [jwk] });
        if (req.method === 'POST' && path === '/token') {
          const form = new URLSearchParams(body);
          tokenRequests.push(form);
          if (form.get('client_id') !== app.appId || form.get('client_secret') !== app.password) return json(res, 401, { error: 'invalid_client' });
          const token = `connector-${randomUUID()}`;
          issuedTokens.add(token);
          return json(res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: token });
        }
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
        const authorization = req.headers.authorization;
        if (match && (req.method === 'POST' || (req.method === 'PUT' && match[2]))) {
          if (!issuedTokens.has((authorization ?? '').replace(/^Bearer /, ''))) return json(res, 401, { error: 'no valid bot token' });
          calls.push({
            method: req.method,
            conversationId: decodeURIComponent(match[1]!),
            activityId: match[2] === undefined ? undefined : decodeURIComponent(match[2]),
            activity: JSON.parse(body) as Partial<Activity>,
            authorization,
          });
          return json(res, 200, { id: req.method === 'PUT' ? decodeURIComponent(match[2]!) : `posted-${calls.length}` });
        }
        json(res, 404, { error: `no ${req.method} ${path}` });
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    serviceUrl: baseUrl,
    openIdMetadataUrl: `${baseUrl}/.well-known/openid-configuration`,
    tokenUrl: `${baseUrl}/token`,
    calls,
    tokenRequests,
    /** The bot's environment for this stand-in. */
    env: (): Record<string, string> => ({
      MICROSOFT_APP_ID: app.appId,
      MICROSOFT_APP_PASSWORD: app.password,
      BOT_OPENID_METADATA_URL: `${baseUrl}/.well-known/openid-configuration`,
      BOT_TOKEN_URL: `${baseUrl}/token`,
    }),
    /** A channel token as the Bot Framework signs it for a request to the bot from `serviceUrl`. */
    channelToken: (serviceUrl = baseUrl) =>
      new SignJWT({ serviceurl: serviceUrl })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(app.appId)
        .setIssuedAt()
        .setNotBefore('-1 min')
        .setExpirationTime('10 min')
        .sign(privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TeamsConnector = Awaited<ReturnType<typeof startTeamsConnector>>;
