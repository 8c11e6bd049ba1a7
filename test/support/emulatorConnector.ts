import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

/** One activity the bot sent to the Emulator's connector, with the path it used. */
export interface Received {
  conversationId: string;
  replyToId: string | undefined;
  activity: Partial<Activity>;
}

/** The Emulator's connector endpoints: records what the bot sends and answers with a resource id. */
export async function startEmulatorConnector() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (req.method !== 'POST' || !match) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        conversationId: decodeURIComponent(match[1]!),
        replyToId: match[2] === undefined ? undefined : decodeURIComponent(match[2]),
        activity: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<Activity>,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
