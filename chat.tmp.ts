import { createTestRuntime } from './test/support/testRuntime';
import { serveSandbox, latestCode } from './test/support/sandboxServer';
import { Conversation, textOf, buttonsOf, sourcesOf } from './test/support/conversation';
const scripts = JSON.parse(process.argv[2]!) as { locale?: string; steps: string[] }[];
for (const script of scripts) {
  const runtime = await createTestRuntime();
  const sandbox = await serveSandbox(runtime);
  const c = new Conversation(runtime, { locale: script.locale });
  console.log('=====');
  for (const raw of script.steps) {
    const text = raw.replace('{code}', () => latestCode(runtime));
    const r = raw.startsWith('tap:') ? await c.tap(raw.slice(4)) : await c.say(text);
    console.log(`> ${raw}\n  ${textOf(r).replace(/\n/g, '\n  ')}\n  [${buttonsOf(r).join(' | ')}] {${sourcesOf(r).slice(0,2).join(',')}}`);
  }
  await sandbox.close(); await runtime.close();
}
