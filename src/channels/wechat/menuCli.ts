import { loadConfig } from '../../config';
import { createLogger } from '../../observability/logger';
import { openDatabase } from '../../storage/database';
import path from 'node:path';
import { AccessTokenCache } from './accessToken';
import { loadMenu, MENU_FILE } from './menu';
import { wechatSettings } from './wechatChannel';
import { WeChatApi } from './wechatApi';

/** `npm run wechat:menu [file]`: creates the Official Account's custom menu from the menu file in the repo. */
async function main(): Promise<void> {
  const config = loadConfig();
  const settings = wechatSettings(config);
  if (!settings) throw new Error('Set WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET (and WECHAT_API_BASE_URL for a stand-in) first.');
  const file = process.argv[2] ?? MENU_FILE;
  const menu = loadMenu(file);
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    sqliteFile: path.join(config.dataDir, 'bot.sqlite'),
  });
  try {
    const tokens = new AccessTokenCache({ apiBaseUrl: settings.apiBaseUrl, appId: settings.appId, appSecret: settings.appSecret, db: database.db, logger });
    await new WeChatApi(settings.apiBaseUrl, tokens, logger).createMenu(menu);
    console.log(`Menu from ${file} created at ${settings.apiBaseUrl} (${menu.button.length} buttons).`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
