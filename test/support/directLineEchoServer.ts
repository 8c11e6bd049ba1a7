import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ActivityHandler, ActivityTypes, MessageFactory } from 'botbuilder';
import express from 'express';
import { DirectLineChannel } from '../../src/channels/directline/directLineChannel';
import { directLineRouter } from '../../src/channels/directline/directLineRouter';
import { DirectLineStreamServer } from '../../src/channels/directline/streamServer';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';

export const ECHO_SECRET = 'unit-test-secret-0123456789';

/** A bot small enough to predict: welcomes, echoes after a typing indicator, fails on "fail". */
export class EchoBot extends ActivityHandler {
  readonly seen: { text?: string; locale?: string; fromId: string }[] = [];
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      const names = (context.activity.membersAdded ?? []).map((m) => m.id);
      await context.sendActivity(MessageFactory.text(`welcome ${names.join(',')}`));
      await next();
    });
    this.onMessage(async (context, next) => {
      const { text, locale } = context.activity;
      this.seen.push({ ...(text ? { text } : {}), ...(locale ? { locale } : {}), fromId: context.activity.from.id });
      if (text === 'fail') throw new Error('boom');
      if (text === 'code please') {
        await context.sendActivity({ type: 'message', text: 'Enter the code', channelData: { sensitiveInput: true } });
      } else {
        await context.sendActivities([
          { type: ActivityTypes.Typing },
          { ...MessageFactory.suggestedActions(['A', 'B'], `echo: ${text ?? ''}`), channelData: { sources: [{ id: 't1' }] } },
        ]);
      }
      await next();
    });
  }
}

export interface EchoDirectLine {
  base: string;
  channel: DirectLineChannel;
  streams: DirectLineStreamServer;
  bot: EchoBot;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** Direct Line over the echo bot on a free loopback port, SQLite in a temp dir. */
export async function startEchoDirectLine(options: { keepAliveMs?: number; turnWaitMs?: number } = {}): Promise<EchoDirectLine> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-echo-'));
  const database = await openDatabase({ sqliteFile: path.join(dir, 'bot.sqlite') });
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', DIRECTLINE_SECRET: ECHO_SECRET });
  const bot = new EchoBot();
  let base = '';
  const channel = new DirectLineChannel({ config, database, logger: createLogger('silent'), publicUrl: () => base, bot });
  const app = express();
  app.use('/v3/directline', directLineRouter(channel, { turnWaitMs: options.turnWaitMs ?? 2000 }));
  const server = http.createServer(app);
  const streams = new DirectLineStreamServer(channel, { keepAliveMs: options.keepAliveMs ?? 20_000 });
  streams.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    channel,
    streams,
    bot,
    database,
    close: async () => {
      streams.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
