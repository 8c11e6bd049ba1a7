import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge/knowledgeBase';

const KNOWLEDGE = path.resolve('knowledge');
const copies: string[] = [];

/** A copy of the knowledge base with one file rewritten (or removed, when `edit` returns undefined). */
function brokenCopy(file: string, edit: (source: string) => string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knowledge-'));
  copies.push(dir);
  fs.cpSync(KNOWLEDGE, dir, { recursive: true });
  const target = path.join(dir, file);
  const edited = edit(fs.readFileSync(target, 'utf8'));
  if (edited === undefined) fs.rmSync(target);
  else fs.writeFileSync(target, edited);
  return dir;
}

afterEach(() => {
  for (const dir of copies.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('knowledge loader', () => {
  it('loads every topic of the shipped knowledge base in both languages', async () => {
    const kb = await loadKnowledgeBase(KNOWLEDGE);
    expect(kb.ids().length).toBeGreaterThanOrEqual(18);
    for (const id of kb.ids()) {
      expect(kb.get(id, 'zh-CN')?.questions.length).toBeGreaterThanOrEqual(3);
      expect(kb.get(id, 'en')?.questions.length).toBeGreaterThanOrEqual(3);
    }
  });

  // Start-up fails on these with the file and the field at fault, so a support lead can fix them.
  it.each([
    ['no front matter', 'en/credit-impact.md', (s: string) => s.replace(/^---[\s\S]*?\n---\n/, ''), /en\/credit-impact\.md: missing front matter/],
    ['front matter that is not YAML', 'en/credit-impact.md', (s: string) => s.replace('title: ', 'title: [unclosed '), /en\/credit-impact\.md: front matter is not valid YAML/],
    ['a missing title', 'zh-CN/credit-impact.md', (s: string) => s.replace(/^title: .*\n/m, ''), /zh-CN\/credit-impact\.md: field "title"/],
    ['too few sample questions', 'en/closure-timing.md', (s: string) => s.replace(/questions:\n(?: {2}- .*\n)+/, 'questions:\n  - how long\n'), /en\/closure-timing\.md: field "questions": needs at least 3 sample questions/],
    ['a field nobody reads', 'en/credit-impact.md', (s: string) => s.replace('title: ', 'titel: x\ntitle: '), /en\/credit-impact\.md: field "\(root\)".*titel/],
    ['an id that is not the file name', 'en/credit-impact.md', (s: string) => s.replace('id: credit-impact', 'id: credit'), /field "id" is "credit" but the file is named credit-impact\.md/],
    ['a related topic that does not exist', 'en/credit-impact.md', (s: string) => s.replace(/^related: \[/m, 'related: [no-such-topic, '), /en\/credit-impact\.md: field "related" names unknown topic "no-such-topic"/],
    ['a topic missing in one language', 'zh-CN/credit-impact.md', () => undefined, /topic "credit-impact" has no zh-CN file/],
    ['an empty answer', 'en/credit-impact.md', (s: string) => s.replace(/\n---\n[\s\S]*$/, '\n---\n'), /en\/credit-impact\.md: the answer after the front matter is empty/],
    ['a synonym pairing with an unknown concept', 'synonyms.yaml', (s: string) => s.replace('aboutClosingWith: [affect]', 'aboutClosingWith: [afect]'), /synonyms\.yaml: field "credit\.aboutClosingWith": unknown concept "afect"/],
  ])('refuses %s', async (_case, file, edit, message) => {
    await expect(loadKnowledgeBase(brokenCopy(file, edit))).rejects.toThrow(message);
  });
});
