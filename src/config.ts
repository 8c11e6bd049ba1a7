import path from 'node:path';
import { z } from 'zod';

const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
/** A WeChat EncodingAESKey: 43 base64 characters (32 bytes once "=" is added). */
const optionalAesKey = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'an EncodingAESKey is 43 letters, digits, + or /').optional(),
);

/** Every environment variable the bot reads; documented in README.md and .env.example. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  /** Absolute base URL that clients reach this server at; needed behind a proxy for Direct Line stream URLs. */
  PUBLIC_URL: optionalUrl,
  DATA_DIR: z.string().default('./data'),
  KNOWLEDGE_DIR: z.string().default('./knowledge'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PostgreSQL for several instances; SQLite under DATA_DIR when unset. */
  DATABASE_URL: optionalUrl,
  /** PostgreSQL schema for the bot's tables (must exist); lets instances share one database. */
  DATABASE_SCHEMA: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[a-z_][a-z0-9_]*$/).optional()),
  /** Redis for shared fan-out, rate limits and tokens when several instances run. */
  REDIS_URL: optionalUrl,
  DEFAULT_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  /** Bot Framework credentials; with no app id, authentication is off (Emulator mode). */
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  /** OAuth 2 token endpoint for the bot's outgoing connector calls (a private cloud, a local stand-in); Microsoft's login when unset. */
  BOT_TOKEN_URL: optionalUrl,
  /** The Teams app's id in appPackage/manifest.json; the bot id (MICROSOFT_APP_ID) when unset. */
  TEAMS_APP_ID: optionalString,
  /** Direct Line secret for server-to-server token generation; generated and kept under DATA_DIR when unset. */
  DIRECTLINE_SECRET: optionalString,
  DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
  /** The wallet's API; the in-process sandbox at /sandbox/wallet when unset. */
  WALLET_API_URL: optionalUrl,
  WALLET_API_KEY: optionalString,
  WALLET_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /**
   * Secret the wallet signs its closure-status webhook with (docs/wallet-api.md); without it the
   * webhook is not served and notices come from polling alone. The in-process sandbox uses a random one.
   */
  WALLET_WEBHOOK_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'use at least 32 characters').optional()),
  /** How often the bot asks the wallet where the open closure requests it filed stand. */
  CLOSURE_POLL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /**
   * Human hand-off (docs/handoff.md). Agents as `name:roles:hash` separated by `;`, roles `agent`
   * and/or `lead` joined by `+`, hashes from `npm run agent:hash`. Unset in development: `demo`/`demo`.
   */
  AGENT_ACCOUNTS: optionalString,
  /** How long an agent's sign-in lasts. */
  AGENT_SESSION_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(480),
  /** When agents are on duty, e.g. `Mon-Fri 09:00-18:00, Sat 10:00-16:00`; always when unset. */
  HANDOFF_HOURS: optionalString,
  /** The time zone HANDOFF_HOURS are in. */
  HANDOFF_TIMEZONE: z.string().default('Asia/Shanghai'),

  // Security (docs/security.md): production checks, proxies, limits, keys and retention.
  NODE_ENV: z.string().default('development'),
  /** `off` serves no /api/messages at all (production without Bot Framework credentials). */
  BOT_FRAMEWORK_ENDPOINT: z.enum(['on', 'off']).default('on'),
  /** OpenID metadata for Bot Framework tokens (channel and Emulator); botbuilder's public ones when unset. */
  BOT_OPENID_METADATA_URL: optionalUrl,
  /** Express `trust proxy`: forwarded headers are believed only from these proxies (e.g. `loopback`, `10.0.0.0/8`); none when unset. */
  TRUST_PROXY: optionalString,
  /** Requests one client address may make per minute, across every public endpoint. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** Questions one client address may ask /api/answer per minute. */
  ANSWER_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Messages one conversation may send per minute (Direct Line and /api/messages). */
  CONVERSATION_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** 32-byte key (base64) encrypting verification tokens at rest; generated and kept under DATA_DIR when unset. */
  STATE_ENCRYPTION_KEY: optionalString,
  /** Days Direct Line activities are kept; older ones are deleted. */
  ACTIVITY_RETENTION_DAYS: z.coerce.number().min(0.0001).max(3650).default(30),
  /** WeChat Official Account (docs/wechat.md); the channel is off unless token, app id and secret are set. */
  WECHAT_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'WeChat tokens are 3 to 32 letters or digits').optional()),
  WECHAT_APP_ID: optionalString,
  WECHAT_APP_SECRET: optionalString,
  /** Safe and compatible mode; without it only plain-mode pushes are accepted. */
  WECHAT_ENCODING_AES_KEY: optionalAesKey,
  /** The key before the last rotation, tried when the current one does not decrypt a push. */
  WECHAT_ENCODING_AES_KEY_PREVIOUS: optionalAesKey,
  WECHAT_API_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().default('https://api.weixin.qq.com')),
  /** How long a push waits for the bot before answering `success` and replying through the customer-service API. */
  WECHAT_REPLY_BUDGET_MS: z.coerce.number().int().min(100).max(4500).default(4000),
  /** Pushes whose signed timestamp is further from now than this are refused as stale. */
  WECHAT_MAX_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(30).max(86_400).default(300),
  /** Hand-offs go to WeChat's own customer-service system (transfer_customer_service) instead of the agent console. */
  WECHAT_TRANSFER_TO_KF: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['true', 'false']).default('false').transform((v) => v === 'true')),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string; knowledgeDir: string };

export class ConfigError extends Error {}

/** Parses the environment once at start-up; a bad value stops the process with the variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const problems = productionProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(`Refusing to start in production:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.DATA_DIR),
    knowledgeDir: path.resolve(parsed.data.KNOWLEDGE_DIR),
  };
}

/** What only a developer's machine may run (DESIGN.md, Modes); each names the variables that fix it. */
function productionProblems(env: z.infer<typeof configSchema>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!env.MICROSOFT_APP_ID && env.BOT_FRAMEWORK_ENDPOINT !== 'off') {
    problems.push(
      '/api/messages would run unauthenticated: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or BOT_FRAMEWORK_ENDPOINT=off.',
    );
  }
  if (env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
    problems.push('MICROSOFT_APP_ID is set without MICROSOFT_APP_PASSWORD.');
  }
  if (!env.WALLET_API_URL) problems.push('the sandbox wallet would serve codes and links to anyone: set WALLET_API_URL to the real wallet.');
  return problems;
}
