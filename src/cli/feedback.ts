import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../storage/database';
import { FeedbackStore } from '../storage/feedbackStore';

/**
 * `npm run feedback`: the "Was this helpful?" verdicts per topic, the least helpful first, for a
 * support lead deciding which answers to rewrite. Reads the bot's own database (SQLite or PostgreSQL).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    sqliteFile: path.join(config.dataDir, 'bot.sqlite'),
  });
  try {
    const rows = await new FeedbackStore(database.db).summary();
    if (rows.length === 0) {
      console.log('No feedback yet.');
      return;
    }
    const share = (r: (typeof rows)[number]) => r.notHelpful / (r.helpful + r.notHelpful);
    console.log('topic                        helpful  not helpful  not helpful %');
    for (const r of rows.sort((a, b) => share(b) - share(a))) {
      console.log(`${r.topicId.padEnd(28)} ${String(r.helpful).padStart(7)}  ${String(r.notHelpful).padStart(11)}  ${(100 * share(r)).toFixed(0).padStart(12)}%`);
    }
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
