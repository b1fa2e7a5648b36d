import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRules } from '../../rules/index.js';
import { ruleHelpMarkdown } from '../format/index.js';

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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(DOCS_DIR, { recursive: true });
  for (const [name, text] of rulePages()) fs.writeFileSync(path.join(DOCS_DIR, name), text);
  process.stdout.write(`wrote ${allRules.length} pages to ${DOCS_DIR}\n`);
}
