import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { z } from 'zod';
import { WeChatCrypto } from '../crypto';
import { wechatSignature } from '../signature';
import { buildWeChatXml, parseWeChatXml } from '../xml';

/** The Official Account the stand-in plays, and where it pushes to. */
export interface WeChatSimOptions {
  /** The bot's /wechat URL. */
  botUrl: string;
  token: string;
  appId: string;
  appSecret: string;
  encodingAesKey?: string;
  /** The account's gh_ id, the ToUserName of every push. */
  accountId?: string;
}

export type PushMode = 'plain' | 'compatible' | 'safe';

/** What a simulated user sends: text, a voice message, an event, or another type. */
export const simPushSchema = z.object({
  openid: z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/).default('o-sim-user-0001'),
  mode: z.enum(['plain', 'compatible', 'safe']).default('plain'),
  text: z.string().max(2048).optional(),
  msgType: z.enum(['text', 'voice', 'event', 'image', 'location', 'link', 'video']).optional(),
  event: z.string().max(64).optional(),
  eventKey: z.string().max(128).optional(),
  /** Sends the push with the MsgId (or CreateTime) of the previous one, as WeChat's retries do. */
  retry: z.boolean().default(false),
});
export type SimPush = z.input<typeof simPushSchema>;

/** What the bot answered a push with, as WeChat reads it. */
export interface SimAnswer {
  status: number;
  /** `success` (or empty), a passive text reply, or a transfer to WeChat's customer service. */
  kind: 'success' | 'text' | 'transfer' | 'refused' | 'invalid';
  content?: string;
  raw: string;
  ms: number;
}

export interface CustomerMessage {
  touser: string;
  content: string;
  at: number;
}

const customSendSchema = z.object({ touser: z.string(), msgtype: z.literal('text'), text: z.object({ content: z.string() }) });

/**
 * A stand-in for WeChat's servers: it pushes signed messages (plain, compatible or safe mode) to
 * the bot as a follower would, and serves the API the bot calls (access token, customer-service
 * messages, menu). A small page at / lets a person chat through it.
 */
export class WeChatSim {
  readonly customerMessages: CustomerMessage[] = [];
  menu: unknown;
  tokenFetches = 0;
  /**
   * Customer-service messages WeChat accepts per follower after their latest push (45015 when the
   * follower never wrote, 45047 once used up); tests lower it to play a stricter WeChat.
   */
  customerServiceAllowance = 5;
  private readonly allowance = new Map<string, number>();
  private readonly tokens = new Set<string>();
  private readonly crypto?: WeChatCrypto;
  private readonly last = new Map<string, { msgId: string; createTime: number }>();
  private msgSeq = BigInt(Date.now()) * 1000n;
  readonly accountId: string;

  constructor(readonly options: WeChatSimOptions) {
    this.accountId = options.accountId ?? 'gh_0123456789ab';
    if (options.encodingAesKey) this.crypto = new WeChatCrypto(options.encodingAesKey, options.appId);
  }

  /** WeChat forgets every token it issued (as after another fetch, or an expiry). */
  invalidateTokens(): void {
    this.tokens.clear();
  }

  /** The XML and query of a push, signed as WeChat signs it. */
  signedPush(input: SimPush): { url: string; body: string } {
    const push = simPushSchema.parse(input);
    const msgType = push.msgType ?? (push.event ? 'event' : 'text');
    const previous = this.last.get(push.openid);
    const retry = push.retry && previous;
    // Events are told apart by sender and CreateTime: a follower's pushes get distinct seconds, as a person's would.
    const createTime = retry ? previous.createTime : Math.max(Math.floor(Date.now() / 1000), previous ? previous.createTime + 1 : 0);
    const msgId = retry ? previous.msgId : String(++this.msgSeq);
    this.last.set(push.openid, { msgId, createTime });
    this.allowance.set(push.openid, this.customerServiceAllowance);

    const fields: Record<string, string | number> = { ToUserName: this.accountId, FromUserName: push.openid, CreateTime: createTime, MsgType: msgType };
    if (msgType === 'text') fields['Content'] = push.text ?? '';
    if (msgType === 'voice') Object.assign(fields, { Format: 'amr', MediaId: 'sim-media', Recognition: push.text ?? '' });
    if (msgType === 'event') Object.assign(fields, { Event: push.event ?? 'subscribe', ...(push.eventKey ? { EventKey: push.eventKey } : {}) });
    if (['image', 'video'].includes(msgType)) Object.assign(fields, { PicUrl: 'http://127.0.0.1/sim.jpg', MediaId: 'sim-media' });
    if (msgType === 'location') Object.assign(fields, { Location_X: '39.9', Location_Y: '116.4', Scale: '15', Label: 'Beijing' });
    if (msgType === 'link') Object.assign(fields, { Title: 'A link', Description: 'sim', Url: 'http://127.0.0.1/' });
    if (msgType !== 'event') fields['MsgId'] = msgId;

    const plain = buildWeChatXml(fields);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(crypto.randomInt(1e9));
    const query = new URLSearchParams({ signature: wechatSignature(this.options.token, timestamp, nonce), timestamp, nonce, openid: push.openid });
    if (push.mode === 'plain') return { url: `${this.options.botUrl}?${query}`, body: plain };
    if (!this.crypto) throw new Error('Safe and compatible mode need an EncodingAESKey.');
    const encrypt = this.crypto.encrypt(plain);
    query.set('encrypt_type', 'aes');
    query.set('msg_signature', wechatSignature(this.options.token, timestamp, nonce, encrypt));
    const body = push.mode === 'safe' ? buildWeChatXml({ ToUserName: this.accountId, Encrypt: encrypt }) : plain.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
    return { url: `${this.options.botUrl}?${query}`, body };
  }

  /** Pushes a message to the bot and reads its answer, decrypting (and checking) a safe-mode reply. */
  async push(input: SimPush): Promise<SimAnswer> {
    const { url, body } = this.signedPush(input);
    const started = Date.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body, signal: AbortSignal.timeout(15_000) });
    const raw = await res.text();
    return { ...this.readAnswer(res.status, raw), raw, ms: Date.now() - started };
  }

  /** Customer-service messages the bot sent to `openid`, waiting until there are at least `count`. */
  async waitForCustomerMessages(openid: string, count: number, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const messages = this.customerMessages.filter((m) => m.touser === openid).map((m) => m.content);
      if (messages.length >= count) return messages;
      if (Date.now() > deadline) throw new Error(`only ${messages.length} of ${count} customer-service messages reached ${openid}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private readAnswer(status: number, raw: string): Omit<SimAnswer, 'raw' | 'ms'> {
    if (status !== 200) return { status, kind: 'refused' };
    if (raw === '' || raw === 'success') return { status, kind: 'success' };
    let fields = parseWeChatXml(raw);
    if (typeof fields['Encrypt'] === 'string') {
      const { Encrypt, MsgSignature, TimeStamp, Nonce } = fields as Record<string, string>;
      if (!this.crypto || MsgSignature !== wechatSignature(this.options.token, String(TimeStamp), String(Nonce), String(Encrypt))) return { status, kind: 'invalid' };
      fields = parseWeChatXml(this.crypto.decrypt(String(Encrypt)));
    }
    if (fields['MsgType'] === 'transfer_customer_service') return { status, kind: 'transfer' };
    if (fields['MsgType'] === 'text' && typeof fields['Content'] === 'string') return { status, kind: 'text', content: fields['Content'] };
    return { status, kind: 'invalid' };
  }

  /** WeChat's API as the bot calls it, and the page's own API under /sim. */
  router(): express.Router {
    const router = express.Router();
    router.get('/cgi-bin/token', (req, res) => {
      if (req.query['appid'] !== this.options.appId || req.query['secret'] !== this.options.appSecret) {
        res.json({ errcode: 40125, errmsg: 'invalid appsecret' });
        return;
      }
      const token = crypto.randomBytes(24).toString('base64url');
      this.tokens.add(token);
      this.tokenFetches++;
      res.json({ access_token: token, expires_in: 7200 });
    });
    router.post('/cgi-bin/message/custom/send', express.json({ limit: '64kb' }), (req, res) => {
      if (!this.tokens.has(String(req.query['access_token']))) {
        res.json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        return;
      }
      const body = customSendSchema.safeParse(req.body);
      if (!body.success) {
        res.json({ errcode: 44002, errmsg: 'empty post data' });
        return;
      }
      if (Buffer.byteLength(body.data.text.content) > 2048) {
        res.json({ errcode: 45002, errmsg: 'content size out of limit' });
        return;
      }
      const left = this.allowance.get(body.data.touser);
      if (left === undefined || left <= 0) {
        res.json(left === undefined ? { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' } : { errcode: 45047, errmsg: 'out of response count limit' });
        return;
      }
      this.allowance.set(body.data.touser, left - 1);
      this.customerMessages.push({ touser: body.data.touser, content: body.data.text.content, at: Date.now() });
      res.json({ errcode: 0, errmsg: 'ok' });
    });
    router.post('/cgi-bin/menu/create', express.json({ limit: '64kb' }), (req, res) => {
      if (!this.tokens.has(String(req.query['access_token']))) {
        res.json({ errcode: 40001, errmsg: 'invalid credential' });
        return;
      }
      this.menu = req.body;
      res.json({ errcode: 0, errmsg: 'ok' });
    });
    router.post('/sim/push', express.json({ limit: '16kb' }), async (req, res) => {
      const push = simPushSchema.safeParse(req.body);
      if (!push.success) {
        res.status(400).json({ error: push.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        return;
      }
      try {
        const { raw: _raw, ...answer } = await this.push(push.data);
        res.json(answer);
      } catch (err) {
        res.status(502).json({ error: `The bot did not answer: ${err instanceof Error ? err.message : String(err)}` });
      }
    });
    router.get('/sim/messages', (req, res) => {
      const openid = typeof req.query['openid'] === 'string' ? req.query['openid'] : undefined;
      res.json(this.customerMessages.filter((m) => !openid || m.touser === openid));
    });
    router.get('/sim/menu', (_req, res) => {
      res.json(this.menu ?? null);
    });
    router.get('/', (_req, res) => {
      res.type('html').send(SIM_PAGE);
    });
    return router;
  }

  /** Serves the stand-in on 127.0.0.1 (port 0 picks a free one). */
  async listen(port = 0): Promise<{ url: string; close(): Promise<void> }> {
    const app = express();
    app.disable('x-powered-by');
    app.use(this.router());
    const server = http.createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      url,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }
}

/** The page: type as a follower, pick the mode, see passive replies and customer-service messages. */
const SIM_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>WeChat stand-in</title>
<style>body{font:15px system-ui,sans-serif;max-width:40rem;margin:1rem auto;background:#ededed}
#log{background:#fff;min-height:20rem;padding:.5rem;border-radius:6px;white-space:pre-wrap}
.u{text-align:right;color:#075e2b}.b{color:#222}.cs{color:#555;border-left:3px solid #07c160;padding-left:.4rem}
form{display:flex;gap:.4rem;margin-top:.5rem}input[name=text]{flex:1}</style></head>
<body><h1>WeChat stand-in</h1>
<p>OpenID <input id="openid" value="o-sim-user-0001" size="20"> mode <select id="mode"><option>plain</option><option>compatible</option><option>safe</option></select>
<button id="follow" type="button">Follow</button> <button id="image" type="button">Send a picture</button></p>
<div id="log"></div>
<form id="f"><input name="text" autocomplete="off" placeholder="Type a message"><button>Send</button></form>
<script>
const log=document.getElementById('log');let seen=0;
function line(cls,text){const d=document.createElement('div');d.className=cls;d.textContent=text;log.append(d);}
async function push(body){const openid=document.getElementById('openid').value;const mode=document.getElementById('mode').value;
 const r=await fetch('/sim/push',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({openid,mode,...body})});
 const a=await r.json();if(a.error)line('b','['+a.error+']');else if(a.kind==='text')line('b',a.content);else line('b','['+a.kind+', '+a.ms+' ms]');}
document.getElementById('f').onsubmit=async(e)=>{e.preventDefault();const t=e.target.text.value;if(!t)return;e.target.text.value='';line('u',t);await push({text:t});};
document.getElementById('follow').onclick=()=>push({event:'subscribe'});
document.getElementById('image').onclick=()=>{line('u','[picture]');push({msgType:'image'});};
setInterval(async()=>{const openid=document.getElementById('openid').value;const m=await (await fetch('/sim/messages?openid='+encodeURIComponent(openid))).json();
 for(const x of m.slice(seen))line('cs',x.content);seen=m.length;},1000);
</script></body></html>`;
