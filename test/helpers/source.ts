import { goParser } from '../../grammars/go.js';
import { attachStore, FactStore } from '../../src/analysis/fact-store.js';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';

/** Source files and packages as the engine builds them (one fact store per package), for unit tests
 * of the analyses. Parsed with the plain grammar: no new(expr) second parse. */

export async function goPackage(files: Record<string, string>, name = 'p'): Promise<GoPackage> {
  const parser = await goParser();
  const store = new FactStore();
  const parsed: SourceFile[] = Object.entries(files).map(([path, text]) => {
    const tree = parser.parse(text)!;
    attachStore(tree, store);
    const packageName = /^package\s+(\w+)/m.exec(text)?.[1] ?? '';
    return { path, text, tree, isTest: path.endsWith('_test.go'), packageName, store };
  });
  return { dir: '.', name, files: parsed, store };
}

export async function sourceFile(text: string, path = 'x.go'): Promise<SourceFile> {
  return (await goPackage({ [path]: text }, /^package\s+(\w+)/m.exec(text)?.[1] ?? 'p')).files[0]!;
}
