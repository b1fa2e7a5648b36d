import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { goParser } from '../../grammars/go.js';
import { parseGo } from '../../grammars/new-expr.js';
import { attachStore, FactStore } from '../../src/analysis/fact-store.js';
import type { GoPackage, ModuleInfo, PackageSettings, SourceFile } from '../../src/analysis/source.js';

/** A package built from Go snippets the way the engine builds one: parsed with the project's parser,
 * one fact store shared by the package and attached to each tree. `files` maps a display path to its
 * text; the package directory is `dir` (absolute). */
export async function goPackage(
  files: Record<string, string>,
  opts: { dir?: string; module?: ModuleInfo; settings?: PackageSettings } = {},
): Promise<GoPackage> {
  const parser = await goParser();
  const store = new FactStore();
  const sources: SourceFile[] = Object.entries(files).map(([p, text]) => {
    const tree = parseGo(parser, text);
    attachStore(tree, store);
    const packageName = /^package\s+(\w+)/m.exec(text)?.[1] ?? '';
    return { path: p, text, tree, isTest: p.endsWith('_test.go'), packageName, store };
  });
  const first = Object.keys(files)[0] ?? 'x.go';
  const pkg: GoPackage = { dir: opts.dir ?? path.resolve('/src', path.dirname(first)), name: sources[0]?.packageName ?? '', files: sources, store };
  if (opts.module) pkg.module = opts.module;
  if (opts.settings) pkg.settings = opts.settings;
  return pkg;
}

/** The one file of a package of one file. */
export async function goFile(text: string, displayPath = 'x.go'): Promise<SourceFile> {
  return (await goPackage({ [displayPath]: text })).files[0]!;
}

/** The node of `type` that starts at the n-th (0-based) occurrence of `needle` in the file. */
export function nodeAt(file: SourceFile, needle: string, type: string, n = 0): Node {
  let index = -1;
  for (let i = 0; i <= n; i++) index = file.text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`no occurrence ${n} of ${needle}`);
  let node: Node | null = file.tree.rootNode.descendantForIndex(index);
  while (node && node.type !== type) node = node.parent;
  if (!node) throw new Error(`no ${type} at occurrence ${n} of ${needle}`);
  return node;
}
