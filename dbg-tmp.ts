import { loadConfig } from './src/config';
import { loadAnswering } from './src/bot/runtime';
import { KnowledgeSearch } from './src/knowledge/search';
const { knowledge } = await loadAnswering(loadConfig());
const s = new KnowledgeSearch(knowledge);
for (const q of process.argv.slice(2)) { console.log(q, '→', s.analyzer.correctChinese(q), s.search(q).terms.join(' '), JSON.stringify(s.search(q).hits)); }
