import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  LOCALES,
  synonymTableSchema,
  topicFrontMatterSchema,
  type Locale,
  type SynonymTable,
  type Topic,
} from './topicSchema';

export class KnowledgeError extends Error {}

/** All topics in every locale, with the synonym table the search uses. */
export class KnowledgeBase {
  private readonly byKey = new Map<string, Topic>();

  constructor(
    readonly topics: readonly Topic[],
    readonly synonyms: SynonymTable,
  ) {
    for (const t of topics) this.byKey.set(`${t.locale}/${t.id}`, t);
  }

  get(id: string, locale: Locale): Topic | undefined {
    return this.byKey.get(`${locale}/${id}`);
  }

  ids(): string[] {
    return [...new Set(this.topics.map((t) => t.id))].sort();
  }

  inLocale(locale: Locale): Topic[] {
    return this.topics.filter((t) => t.locale === locale);
  }
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Parses one knowledge file; errors name the file and the field at fault. */
export function parseTopicFile(file: string, source: string, locale: Locale): Topic {
  const match = FRONT_MATTER.exec(source);
  if (!match) throw new KnowledgeError(`${file}: missing front matter (--- ... ---) at the top`);
  let raw: unknown;
  try {
    raw = parseYaml(match[1] ?? '');
  } catch (err) {
    throw new KnowledgeError(`${file}: front matter is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = topicFrontMatterSchema.safeParse(raw);
  if (!parsed.success) throw new KnowledgeError(`${file}: ${describeIssues(parsed.error)}`);
  const expectedId = path.basename(file, '.md');
  if (parsed.data.id !== expectedId) {
    throw new KnowledgeError(`${file}: field "id" is "${parsed.data.id}" but the file is named ${expectedId}.md`);
  }
  const body = (match[2] ?? '').trim();
  if (!body) throw new KnowledgeError(`${file}: the answer after the front matter is empty`);
  return { ...parsed.data, locale, body, file };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `field "${i.path.join('.') || '(root)'}": ${i.message}`).join('; ');
}

/** Loads and validates `<dir>/<locale>/*.md` and `<dir>/synonyms.yaml`; throws on the first broken file. */
export async function loadKnowledgeBase(dir: string): Promise<KnowledgeBase> {
  const topics: Topic[] = [];
  for (const locale of LOCALES) {
    const localeDir = path.join(dir, locale);
    const files = (await fs.readdir(localeDir)).filter((f) => f.endsWith('.md')).sort();
    for (const name of files) {
      const file = path.join(localeDir, name);
      topics.push(parseTopicFile(file, await fs.readFile(file, 'utf8'), locale));
    }
  }
  const synonymsFile = path.join(dir, 'synonyms.yaml');
  const synonyms = synonymTableSchema.safeParse(parseYaml(await fs.readFile(synonymsFile, 'utf8')));
  if (!synonyms.success) throw new KnowledgeError(`${synonymsFile}: ${describeIssues(synonyms.error)}`);
  checkConsistency(topics);
  return new KnowledgeBase(topics, synonyms.data);
}

/** Every topic exists in every locale and every related id points at a real topic. */
function checkConsistency(topics: Topic[]): void {
  const ids = new Set(topics.map((t) => t.id));
  for (const id of ids) {
    for (const locale of LOCALES) {
      if (!topics.some((t) => t.id === id && t.locale === locale)) {
        throw new KnowledgeError(`topic "${id}" has no ${locale} file (${locale}/${id}.md)`);
      }
    }
  }
  for (const t of topics) {
    for (const rel of t.related) {
      if (!ids.has(rel)) throw new KnowledgeError(`${t.file}: field "related" names unknown topic "${rel}"`);
      if (rel === t.id) throw new KnowledgeError(`${t.file}: field "related" names the topic itself`);
    }
  }
}
