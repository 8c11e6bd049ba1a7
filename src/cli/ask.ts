import { loadConfig } from '../config';
import { loadAnswering } from '../bot/runtime';

/** `npm run ask -- "注销后还能恢复吗"`: one answer with its intent and sources, as the answer API gives it. */
async function main(): Promise<void> {
  const text = process.argv.slice(2).join(' ').trim();
  if (!text) {
    console.error('Usage: npm run ask -- "your question"');
    process.exit(2);
  }
  const { answers } = await loadAnswering(loadConfig());
  const result = answers.answer(text);
  console.log(`intent: ${result.intent}   locale: ${result.locale}`);
  if (result.answer) console.log(`\n${result.answer}\n`);
  for (const s of result.sources) console.log(`source: ${s.id}  "${s.title}"  score ${s.score}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
