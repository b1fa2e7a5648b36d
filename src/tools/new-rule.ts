import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run new-rule -- <rule-id>`: the skeleton of a rule that passes `npm test` as it stands, so a new
 * rule starts from green and every later red is the new work. It writes the rule and its doc page
 * source (rules/<id>/), one positive and one negative fixture, the test file that runs the rule tester,
 * registers the rule in rules/index.ts, then runs `npm run docs` (the rule's page and the README table).
 * Each Go syntax conformance file (fixtures/go-syntax/) gets a placeholder seed beside its first
 * seeded hazard, inside a function that uses that release's syntax. The placeholder check flags calls
 * of a function named `exampleHazard`; replace it, and the seeds with real hazards of the rule.
 */

const ID = /^[a-z]+(-[a-z]+)+$/;

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

const pascal = (id: string): string => id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
const camel = (id: string): string => pascal(id).replace(/^[A-Z]/, (c) => c.toLowerCase());

export function ruleFiles(id: string): Record<string, string> {
  const name = camel(id);
  return {
    [`rules/${id}/rule.ts`]: `import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../src/rule-api.js';
import { docs } from './docs.js';

export const ${name}: Rule = {
  meta: {
    id: '${id}',
    name: '${pascal(id)}',
    summary: 'TODO: one line for --list-rules and SARIF: what the hazard is and what it does in production',
    defaultLevel: 'warning',
    tags: ['reliability', 'go'],
    precision: 'medium',
    messages: {
      found: 'TODO: exampleHazard() stands for the hazard: say what is wrong, why it hurts in production, and how to fix it',
    },
    docs,
  },
  // A cheap test of the file's text: files that cannot hold the hazard are never walked.
  textFilter: /\\bexampleHazard\\b/,
  create(ctx) {
    return { call_expression: (call) => check(ctx, call) };
  },
};

/** The placeholder check: a call of a function named exampleHazard. */
function check(ctx: RuleContext, call: Node): void {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier' && fn.text === 'exampleHazard') ctx.report({ node: call, messageId: 'found' });
}
`,
    [`rules/${id}/docs.ts`]: `import type { RuleDocs } from '../../src/types.js';

/** The ${id} rule's page: \`npm run docs\` writes docs/rules/${id}.md from it. */
export const docs: RuleDocs = {
  what: 'TODO: what the rule flags, in one or two paragraphs of Markdown.',
  why: 'TODO: the production failure it leads to (what a pprof at 3 a.m. would show).',
  bad: 'func (s *Server) handle() {\\n\\texampleHazard()\\n}',
  good: 'func (s *Server) handle() {\\n\\tsafeVersion()\\n}',
  limits: 'TODO: what it deliberately leaves alone, and what it misses.',
};
`,
    [`fixtures/${id}/server.go`]: `package node

// The hazard, in code that looks like a node's request path.
func (s *Server) handle() {
	exampleHazard() // want "${id}:found@2"
}

// The correct idiom: the rule stays silent.
func (s *Server) handleSafely() {
	safeVersion()
}
`,
    [`test/rules/${id}.test.ts`]: `import { ${name} } from '../../rules/${id}/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(${name});
`,
  };
}

/** A conformance file with the placeholder hazard seeded on the line before its first `// want` that
 * sits in a function body (the nearest top-level line above it opens a func). */
export function seededConformance(text: string, id: string): string {
  const lines = text.split('\n');
  const inFunc = (at: number): boolean => {
    for (let i = at - 1; i >= 0; i--) if (/^\S/.test(lines[i]!) && !lines[i]!.startsWith('//')) return lines[i]!.startsWith('func ');
    return false;
  };
  const at = lines.findIndex((l, i) => /\/\/ want "/.test(l) && /^\s/.test(l) && inFunc(i));
  if (at < 0) throw new Error('a conformance file without a hazard seeded in a function: seed the new rule there by hand');
  const indent = /^\s*/.exec(lines[at]!)![0];
  lines.splice(at, 0, `${indent}exampleHazard() // want "${id}"`);
  return lines.join('\n');
}

/** rules/index.ts with the rule imported and listed (imports and the list kept in id order). */
export function registered(index: string, id: string): string {
  const name = camel(id);
  const imports = [...index.matchAll(/^import \{ \w+ \} from '\.\/[a-z-]+\/rule\.js';\n/gm)];
  const last = imports.at(-1);
  const list = /export const allRules: readonly Rule\[\] = \[([^\]]*)\]/.exec(index);
  if (!last || !list) throw new Error('rules/index.ts does not have the expected shape (imports, then allRules = [...])');
  const names = [...list[1]!.split(',').map((s) => s.trim()).filter(Boolean), name].sort();
  const importLines = [...imports.map((m) => m[0]), `import { ${name} } from './${id}/rule.js';\n`].sort().join('');
  const first = imports[0]!.index;
  const afterImports = last.index + last[0].length;
  const body = index.slice(afterImports).replace(list[0], `export const allRules: readonly Rule[] = [${names.join(', ')}]`);
  return index.slice(0, first) + importLines + body;
}

function main(argv: string[]): number {
  const id = argv[0];
  if (!id || argv.length > 1 || !ID.test(id)) {
    process.stderr.write('usage: npm run new-rule -- <rule-id>   (kebab-case, at least two words: lock-not-released)\n');
    return 2;
  }
  const root = repoRoot();
  const files = ruleFiles(id);
  const clash = [`rules/${id}`, `fixtures/${id}`, ...Object.keys(files)].find((f) => fs.existsSync(path.join(root, f)));
  if (clash) {
    process.stderr.write(`new-rule: ${clash} already exists; nothing written\n`);
    return 1;
  }
  const indexPath = path.join(root, 'rules', 'index.ts');
  const index = registered(fs.readFileSync(indexPath, 'utf8'), id);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
    process.stdout.write(`wrote ${file}\n`);
  }
  fs.writeFileSync(indexPath, index);
  process.stdout.write('registered it in rules/index.ts\n');
  const conformance = path.join(root, 'fixtures', 'go-syntax');
  for (const dir of fs.readdirSync(conformance)) {
    for (const name of fs.readdirSync(path.join(conformance, dir)).filter((f) => f.endsWith('.go'))) {
      const file = path.join(conformance, dir, name);
      fs.writeFileSync(file, seededConformance(fs.readFileSync(file, 'utf8'), id));
    }
  }
  process.stdout.write('seeded a placeholder hazard in each fixtures/go-syntax file\n');
  execFileSync('npm', ['run', 'docs', '--silent'], { cwd: root, stdio: 'inherit' });
  process.stdout.write(`next: replace the TODOs and the placeholder check, add fixtures, then npm test\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
