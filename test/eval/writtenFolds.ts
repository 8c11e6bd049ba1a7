import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { AnswerService } from '../../src/knowledge/answerService';
import { loadKnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { KnowledgeSearch } from '../../src/knowledge/search';
import { LOCALES } from '../../src/knowledge/topicSchema';
import { Recognizer } from '../../src/nlu/recognizer';

const CLASSES = ['closure.start', 'closure.status', 'handoff', 'faq'] as const;
type Written = Record<(typeof CLASSES)[number], string[]>;

/**
 * `npm run eval -- --written`: the written training examples (knowledge/intents/written/, by a writer
 * who saw no evaluation set) scored in two folds, each half by a recognizer whose classifier learned
 * from the other half only, so patterns, cues and thresholds meet texts nobody tuned them on. A faq
 * text counts right when it is no request (answered or refused); a hand-off when it is one or
 * carries a safety signal. One line per class and language.
 */
export async function writtenFolds(knowledgeDir: string): Promise<string[]> {
  const written = new Map(
    LOCALES.map((locale) => [locale, parseYaml(fs.readFileSync(path.join(knowledgeDir, 'intents', 'written', `${locale}.yaml`), 'utf8')) as Written]),
  );
  const tally = new Map<string, { right: number; total: number }>();
  for (const fold of [0, 1]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'written-fold-'));
    try {
      for (const entry of fs.readdirSync(knowledgeDir)) if (entry !== 'intents') fs.symlinkSync(path.resolve(knowledgeDir, entry), path.join(dir, entry));
      fs.mkdirSync(path.join(dir, 'intents', 'written'), { recursive: true });
      for (const [locale, data] of written) {
        fs.copyFileSync(path.join(knowledgeDir, 'intents', `${locale}.yaml`), path.join(dir, 'intents', `${locale}.yaml`));
        const half = Object.fromEntries(CLASSES.map((c) => [c, data[c].filter((_, i) => i % 2 !== fold)]));
        fs.writeFileSync(path.join(dir, 'intents', 'written', `${locale}.yaml`), stringify(half));
      }
      const knowledge = await loadKnowledgeBase(dir);
      const search = new KnowledgeSearch(knowledge);
      const answers = new AnswerService(knowledge, search, Recognizer.load(dir, knowledge, search), 'zh-CN');
      for (const [locale, data] of written)
        for (const expected of CLASSES)
          data[expected].forEach((text, i) => {
            if (i % 2 !== fold) return;
            const r = answers.answer(text);
            const right =
              expected === 'handoff' ? r.intent === 'handoff' || r.safety !== undefined : expected === 'faq' ? r.intent === 'faq' || r.intent === 'out_of_scope' : r.intent === expected;
            const t = tally.get(`${expected} ${locale}`) ?? { right: 0, total: 0 };
            t.total += 1;
            if (right) t.right += 1;
            tally.set(`${expected} ${locale}`, t);
          });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return [...tally].sort().map(([key, t]) => `${key.padEnd(22)} ${((100 * t.right) / t.total).toFixed(1).padStart(5)}%  (${t.right}/${t.total})`);
}
