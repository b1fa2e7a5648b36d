import { createRequire } from 'node:module';
import v8 from 'node:v8';
import { Language, Parser } from 'web-tree-sitter';

/**
 * Loads web-tree-sitter and the Go grammar from the installed npm packages, once per thread.
 * The grammar's ABI is checked against what the runtime supports so that a mismatched upgrade
 * fails with a clear message instead of a WASM abort deep inside a parse.
 */

const require = createRequire(import.meta.url);

let loading: Promise<Parser> | undefined;
let loaded: Parser | undefined;

export function goWasmPath(): string {
  return require.resolve('tree-sitter-go/tree-sitter-go.wasm');
}

export function grammarVersion(): string {
  const pkg = require('tree-sitter-go/package.json') as { version: string };
  return pkg.version;
}

async function load(): Promise<Parser> {
  await Parser.init();
  const language = await Language.load(goWasmPath());
  const abi = language.abiVersion;
  // web-tree-sitter 0.27 reads grammars of ABI 13 to 15; anything else is a packaging mistake.
  if (abi < 13 || abi > 15) {
    throw new Error(`tree-sitter-go ${grammarVersion()} has ABI ${abi}, which web-tree-sitter cannot load`);
  }
  const parser = new Parser();
  parser.setLanguage(language);
  loaded = parser;
  return parser;
}

/** The parser once goParser() has resolved on this thread (facts that read another package's files,
 * which run inside a lint and cannot wait, use it); undefined before. */
export function loadedGoParser(): Parser | undefined {
  return loaded;
}

/**
 * Asks V8 to compile the grammar with its baseline compiler only. That halves the start-up of a
 * one-file run (an editor on save, a pre-commit hook with a few files) and makes bulk parsing about
 * a quarter slower, so callers ask for it only when they know the run is small. It must come before
 * the grammar is first loaded; later it does nothing.
 */
export function preferQuickStart(): void {
  if (!loading) v8.setFlagsFromString('--liftoff-only');
}

/** The shared Go parser of this thread. */
export function goParser(): Promise<Parser> {
  loading ??= load();
  return loading;
}
