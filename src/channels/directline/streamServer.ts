import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { DirectLineChannel } from './directLineChannel';
import { DirectLineError } from './errors';
import { STREAM_PATH } from './paths';
import { StreamSession } from './streamSession';
import { parseWatermark } from './watermark';
import type { Limiter } from '../../web/rateLimiter';
import { OnceClaims } from '../../scaleout/onceClaims';

export interface StreamServerOptions {
  /** Keep-alive period: empty frames and pings; a connection silent for two periods is dropped. */
  keepAliveMs?: number;
  /** Streams open at once per conversation; beyond it the oldest is closed ("collision"). */
  maxStreamsPerConversation?: number;
  /** Counts each upgrade against the client address's request limit (upgrades bypass express). */
  clientLimiter?: Limiter;
  /** Where a stream token is marked used: shared by the instances when they share Redis. */
  streamTokensUsed?: OnceClaims;
}

/**
 * The WebSocket side of Direct Line: authorises an upgrade to a conversation's stream URL by the
 * token in `t`, then runs a StreamSession on it.
 */
export class DirectLineStreamServer {
  // Sessions are tracked here: ws's own client set would hold a second entry and listener per stream.
  // No per-message deflate (ws's default, said here so it stays): a zlib context per stream costs far more than the stream.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, clientTracking: false, perMessageDeflate: false });
  private readonly sessions = new Map<string, StreamSession[]>();
  private readonly timer: NodeJS.Timeout;
  private readonly maxPerConversation: number;
  /** Stream tokens already used: a stream URL opens once. */
  private readonly usedStreamTokens: OnceClaims;
  /** One callback for every session: a closure made per upgrade would keep that upgrade's variables (the conversation record) alive. */
  private readonly forgetSession = (session: StreamSession): void => this.forget(session);

  constructor(
    private readonly channel: DirectLineChannel,
    private readonly options: StreamServerOptions = {},
  ) {
    this.maxPerConversation = options.maxStreamsPerConversation ?? 4;
    this.usedStreamTokens = options.streamTokensUsed ?? new OnceClaims(undefined);
    this.timer = setInterval(() => this.tick(), options.keepAliveMs ?? 20_000);
    this.timer.unref();
  }

  /** Routes the server's upgrade requests for stream URLs here; the server's owner closes streams (after draining turns). */
  attach(server: http.Server): void {
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (STREAM_PATH.test(pathname)) {
        void this.handleUpgrade(req, socket, head);
      } else if (server.listenerCount('upgrade') === 1) {
        // Nobody else takes upgrades: refuse rather than leave the socket hanging.
        reject(socket, new DirectLineError(404, 'NotFound', 'No WebSocket endpoint here.'));
      }
    });
  }

  openStreams(): number {
    let n = 0;
    for (const list of this.sessions.values()) n += list.length;
    return n;
  }

  close(): void {
    clearInterval(this.timer);
    for (const list of [...this.sessions.values()]) for (const session of [...list]) session.close(1001, 'server shutting down');
    this.wss.close();
  }

  private async handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    try {
      const wait = (await this.options.clientLimiter?.take(req.socket.remoteAddress ?? 'unknown')) ?? 0;
      if (wait > 0) throw new DirectLineError(429, 'TooManyRequests', `Too many requests from this address; try again in ${wait} s.`);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const conversationId = decodePathSegment(STREAM_PATH.exec(url.pathname)?.[1] ?? '');
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const token = url.searchParams.get('t') ?? bearer;
      if (!token) throw new DirectLineError(401, 'Unauthorized', 'The stream URL carries its token in `t`.');
      const claims = await this.channel.tokens.verify(token);
      if (claims.conversationId !== conversationId) {
        throw new DirectLineError(403, 'Forbidden', 'This token belongs to another conversation.');
      }
      if (claims.scope === 'stream') {
        if (!claims.jti || !(await this.usedStreamTokens.claim(`directline-stream:${claims.jti}`, claims.exp))) {
          throw new DirectLineError(403, 'TokenInvalid', 'This stream URL was already opened; get a new one from GET /conversations/{id}.');
        }
      }
      const from = parseWatermark(url.searchParams.get('watermark') ?? undefined) ?? 0;
      const conversation = await this.channel.getConversation(conversationId);
      if (socket.destroyed) return;
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const session = new StreamSession(ws, conversation.id, this.channel.feed, from, this.channel.logger, this.forgetSession);
        this.remember(session);
        session.start();
      });
    } catch (err) {
      if (err instanceof DirectLineError) {
        this.channel.logger.info({ status: err.status, errorCode: err.code, reason: err.message }, 'directline: stream upgrade refused');
      } else {
        this.channel.logger.error({ err }, 'directline: stream upgrade failed');
      }
      reject(socket, err instanceof DirectLineError ? err : new DirectLineError(500, 'ServiceError', 'Internal error.'));
    }
  }

  private remember(session: StreamSession): void {
    let list = this.sessions.get(session.conversationId);
    if (list) list.push(session);
    // A literal of one: an empty array grown by a push reserves room for 16.
    else this.sessions.set(session.conversationId, (list = [session]));
    while (list.length > this.maxPerConversation) list.shift()?.close(1008, 'collision');
  }

  private forget(session: StreamSession): void {
    const list = this.sessions.get(session.conversationId);
    if (!list) return;
    const at = list.indexOf(session);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.sessions.delete(session.conversationId);
  }

  private tick(): void {
    // With PostgreSQL other instances may append to these conversations: poll for what they wrote.
    const poll = this.channel.sharedDatabase;
    for (const list of this.sessions.values()) for (const session of list) session.tick(poll);
    const nowSeconds = Math.floor(Date.now() / 1000);
    this.usedStreamTokens.sweep(nowSeconds);
    void this.closeExpired(nowSeconds);
  }

  /** Streams outlive their conversation's token no longer than one keep-alive period: a refresh extends it. */
  private async closeExpired(nowSeconds: number): Promise<void> {
    for (const [conversationId, list] of [...this.sessions]) {
      try {
        const expiry = await this.channel.store.tokenExpiry(conversationId);
        if (expiry !== undefined && expiry <= nowSeconds) for (const session of [...list]) session.close(1008, 'token expired');
      } catch (err) {
        this.channel.logger.warn({ reason: err instanceof Error ? err.message : String(err), conversation: conversationId }, 'directline: token expiry check failed');
      }
    }
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DirectLineError(400, 'BadArgument', 'The stream path is not valid percent-encoded UTF-8.');
  }
}

/** Refuses an upgrade with an HTTP status and Direct Line's JSON error body. */
function reject(socket: Duplex, error: DirectLineError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 400: 'Bad Request', 429: 'Too Many Requests' }[error.status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${error.status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
