import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRules } from '../../rules/index.js';
import { ruleHelpMarkdown } from '../format/index.js';
import { configSchema } from '../format/config-schema.js';

/**
 * `npm run docs`: writes docs/rules/<id>.md from each rule's metadata, the one place docs live, so
 * the pages GitHub links to (helpUri) say exactly what `gohazard explain` and SARIF help say.
 * test/docs.test.ts fails when a page is out of date.
 */

/** The repository root: the nearest directory above this module with our package.json (src/ or dist/src/). */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

export const DOCS_DIR = path.join(repoRoot(), 'docs', 'rules');

export function rulePages(): Map<string, string> {
  return new Map(allRules.map((r) => [`${r.meta.id}.md`, ruleHelpMarkdown(r.meta)]));
}

export const README = path.join(repoRoot(), 'README.md');

export const SCHEMA = path.join(repoRoot(), 'schema', 'gohazard.schema.json');
const SCHEMA_ID = 'https://raw.githubusercontent.com/gohazard/gohazard/main/schema/gohazard.schema.json';

/** The config schema's text (schema/gohazard.schema.json). */
export function schemaText(): string {
  return `${JSON.stringify(configSchema(allRules.map((r) => r.meta), SCHEMA_ID), null, 2)}\n`;
}
const TABLE_START = /^<!-- rule table: .*-->$/m;
const TABLE_END = '<!-- rules:end -->';

/** The README with its rule table (between the two markers) rewritten from the rules' metadata. */
export function readmeWithRuleTable(readme: string): string {
  const start = TABLE_START.exec(readme);
  const end = readme.indexOf(TABLE_END);
  if (!start || end < start.index) throw new Error('README.md has no rule table markers');
  const rows = allRules.map((r) => `| [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) | ${r.meta.summary.replace(/\|/g, '\\|')} |`);
  const table = ['| rule | what it flags |', '|---|---|', ...rows].join('\n');
  const head = readme.slice(0, start.index + start[0].length);
  return `${head}\n${table}\n${readme.slice(end)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(DOCS_DIR, { recursive: true });
  for (const [name, text] of rulePages()) fs.writeFileSync(path.join(DOCS_DIR, name), text);
  fs.writeFileSync(README, readmeWithRuleTable(fs.readFileSync(README, 'utf8')));
  fs.mkdirSync(path.dirname(SCHEMA), { recursive: true });
  fs.writeFileSync(SCHEMA, schemaText());
  process.stdout.write(`wrote ${allRules.length} pages to ${DOCS_DIR}\n`);
}
