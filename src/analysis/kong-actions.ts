import type { Node } from 'web-tree-sitter';
import { importTable } from './imports.js';
import type { GoPackage, SourceFile } from './source.js';

/**
 * alecthomas/kong's command actions: kong parses the command line into a struct whose fields are
 * tagged for it (`help:"..."`, `arg:""`, `cmd:""`), then calls the `Run(...) error` method of the
 * command chosen, on the goroutine that runs main (`kong.Parse(&cli).Run()`). A command struct often
 * sits in a package of its own that never imports kong (syncthing's `decrypt.CLI`), so the struct's
 * tags are the evidence: a tag kong reads, and either the package imports kong or a tag uses a key
 * only kong gives a meaning (KONG_ONLY_KEYS).
 */

const KONG = 'github.com/alecthomas/kong';
const TAG_KEYS = /(^|\s)(help|arg|cmd|placeholder|xor|enum|env|default|name|short|hidden|required|type)\s*:\s*"/;
const KONG_ONLY_KEYS = /(^|\s)(cmd|arg|placeholder|xor|enum)\s*:\s*"/;

export interface KongAction {
  file: SourceFile;
  node: Node;
}

/** The `Run` methods of the package's kong command structs. */
export function kongRunMethods(pkg: GoPackage): KongAction[] {
  const importsKong = pkg.files.some((f) => !f.isTest && importTable(f).some((e) => e.path === KONG));
  const commands = new Set<string>();
  for (const file of pkg.files) {
    if (file.isTest || (!importsKong && !file.text.includes(':"'))) continue;
    for (const top of file.tree.rootNode.namedChildren) {
      if (top.type !== 'type_declaration') continue;
      for (const spec of top.namedChildren) {
        const struct = spec.type === 'type_spec' ? spec.childForFieldName('type') : null;
        if (struct?.type !== 'struct_type') continue;
        const tags = struct.descendantsOfType('raw_string_literal').filter((t) => t.parent?.type === 'field_declaration').map((t) => t.text);
        if (tags.some((t) => TAG_KEYS.test(t.slice(1, -1))) && (importsKong || tags.some((t) => KONG_ONLY_KEYS.test(t.slice(1, -1))))) {
          commands.add(spec.childForFieldName('name')?.text ?? '');
        }
      }
    }
  }
  if (commands.size === 0) return [];
  const out: KongAction[] = [];
  for (const file of pkg.files) {
    if (file.isTest) continue;
    for (const top of file.tree.rootNode.namedChildren) {
      if (top.type !== 'method_declaration' || top.childForFieldName('name')?.text !== 'Run') continue;
      if (!/^\(?\s*error\s*\)?$/.test(top.childForFieldName('result')?.text ?? '')) continue;
      const receiver = top.childForFieldName('receiver')?.descendantsOfType('type_identifier')[0]?.text;
      if (receiver && commands.has(receiver)) out.push({ file, node: top });
    }
  }
  return out;
}
