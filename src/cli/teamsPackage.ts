import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { buildAppPackage } from '../channels/teams/appPackage';

/**
 * npm run teams:package: fills appPackage/manifest.json from the configuration (MICROSOFT_APP_ID,
 * TEAMS_APP_ID, PUBLIC_URL), validates it and writes appPackage/build/wallet-support-bot.zip for
 * upload to Teams. Exits 1 with the reason when something is missing or invalid.
 */
function main(): void {
  const config = loadConfig();
  if (!config.MICROSOFT_APP_ID) throw new ConfigError('MICROSOFT_APP_ID is required: the Teams app names its bot by it.');
  if (!config.PUBLIC_URL) throw new ConfigError('PUBLIC_URL is required: the https address Teams reaches the bot at.');
  const template = fs.readFileSync(path.resolve('appPackage/manifest.json'), 'utf8');
  const zip = buildAppPackage(template, {
    botId: config.MICROSOFT_APP_ID,
    ...(config.TEAMS_APP_ID ? { teamsAppId: config.TEAMS_APP_ID } : {}),
    publicUrl: config.PUBLIC_URL,
  });
  const out = path.resolve('appPackage/build/wallet-support-bot.zip');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zip);
  console.log(`Teams app package written: ${path.relative(process.cwd(), out)} (${zip.length} bytes)`);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
