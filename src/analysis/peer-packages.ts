import fs from 'node:fs';
import path from 'node:path';
import { loadedGoParser } from '../../grammars/go.js';
import { parseGo } from '../../grammars/new-expr.js';
import { attachStore, FactStore } from './fact-store.js';
import type { GoPackage, ModuleInfo, PackageSettings, SourceFile } from './source.js';

/**
 * Another package of the module, read and parsed for one question and released right after: facts that
 * follow a call into an importing package (process-lifetime.ts) use it. Only the non-test files are read
 * (what a test does says nothing about how the program runs); an unreadable file is left out. The
 * answer must be plain data: the trees are deleted when `ask` returns. The asking package's config
 * settings (its test-support directories) apply to the peer: one config covers a module.
 */
export function askPeerPackages<T>(module: ModuleInfo, dir: string, ask: (pkg: GoPackage) => T, settings?: PackageSettings, mentioning?: RegExp): T[] {
  const parser = loadedGoParser();
  if (!parser) return [];
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go') && !/^[._]/.test(n)).sort();
  } catch {
    return [];
  }
  const texts: Array<[string, string]> = [];
  for (const name of names) {
    try {
      texts.push([name, fs.readFileSync(path.join(dir, name), 'utf8')]);
    } catch {
      // Unreadable: left out.
    }
  }
  // Parsing is most of the cost: a directory none of whose files spells what is asked about has no answer.
  if (mentioning && !texts.some(([, text]) => mentioning.test(text))) return [];
  const byName = new Map<string, SourceFile[]>();
  const all: SourceFile[] = [];
  try {
    for (const [name, text] of texts) {
      const tree = parseGo(parser, text);
      const clause = tree.rootNode.namedChildren.find((c) => c.type === 'package_clause');
      const packageName = clause?.namedChild(0)?.text ?? '';
      const file: SourceFile = { path: path.join(dir, name), text, tree, isTest: false, packageName, store: new FactStore() };
      all.push(file);
      const list = byName.get(packageName);
      if (list) list.push(file);
      else byName.set(packageName, [file]);
    }
    const answers: T[] = [];
    for (const [name, files] of byName) {
      const store = new FactStore();
      for (const f of files) {
        f.store = store;
        attachStore(f.tree, store);
      }
      answers.push(ask({ dir, name, files, module, store, ...(settings ? { settings } : {}) }));
    }
    return answers;
  } finally {
    for (const f of all) f.tree.delete();
  }
}
