import { z } from 'zod';
import { WeChatSim } from './wechatSim';

/** `npm run wechat:sim`: the WeChat stand-in on its own port, pushing to a bot started with the same WECHAT_* values. */
const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  WECHAT_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(3980),
  WECHAT_SIM_BOT_URL: z.url().default('http://127.0.0.1:3978/wechat'),
  WECHAT_TOKEN: z.string().min(3),
  WECHAT_APP_ID: z.string().min(1),
  WECHAT_APP_SECRET: z.string().min(1),
  WECHAT_ENCODING_AES_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().length(43).optional()),
});

async function main(): Promise<void> {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`The stand-in needs the bot's WeChat settings:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production') throw new Error('The WeChat stand-in is for development only; it does not run with NODE_ENV=production.');
  const sim = new WeChatSim({
    botUrl: env.WECHAT_SIM_BOT_URL,
    token: env.WECHAT_TOKEN,
    appId: env.WECHAT_APP_ID,
    appSecret: env.WECHAT_APP_SECRET,
    ...(env.WECHAT_ENCODING_AES_KEY ? { encodingAesKey: env.WECHAT_ENCODING_AES_KEY } : {}),
  });
  const served = await sim.listen(env.WECHAT_SIM_PORT);
  console.log(`WeChat stand-in at ${served.url} (page at /), pushing to ${env.WECHAT_SIM_BOT_URL}.`);
  console.log(`Start the bot with WECHAT_API_BASE_URL=${served.url} so its customer-service messages arrive here.`);
  const stop = () => void served.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
