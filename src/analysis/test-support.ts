import path from 'node:path';
import { defineFact } from './fact-store.js';
import { importTable } from './imports.js';
import { nodesSpelled } from './text-search.js';
import type { GoPackage, SourceFile } from './source.js';

/**
 * Whether code is test support: code that runs under `go test`, or beside tests to help them, or to
 * demonstrate an API, rather than in the program users run. A hazard there (a goroutine a test leaks, a
 * client without a timeout in a fake server) costs a flaky test, not an outage, so rules may weigh it
 * differently. Three facts decide it, none of them a guess from a function's name:
 *  - the go command's own: a `_test.go` file is compiled only into test binaries;
 *  - the layout of the module: a directory on the file's path below the module root is named for
 *    testing (TEST_SUPPORT_DIRS, plus the config's `testSupport`);
 *  - the imports of the package: a package whose non-test code imports `testing`, `net/http/httptest`
 *    or testify is a test helper package (it takes a *testing.T, or builds test servers), whatever
 *    its name;
 *  - the package clause, where the directory says nothing: a package declared `e2e`, `testutil` or
 *    `xtest` (isTestSupportPackageName) is named for tests by its authors, wherever it sits;
 *  - a program's own documentation: a `package main` whose doc comment says in its first sentence that
 *    the program is a test (`// Binary server is the server used for xDS interop tests.`,
 *    `// This is a stress test of the miner.`) is run by a test suite, not deployed (TEST_PROGRAM).
 */

/** Directory names whose code is test support wherever they sit below the module root. `cmd` is not
 * here: it holds the programs themselves. `internal`, `tools` and `hack` are not either: they hold
 * production code as often as not. */
export const TEST_SUPPORT_DIRS: readonly string[] = [
  'test',
  'tests',
  'testing',
  'testutil',
  'testutils',
  'testhelpers',
  'testdata',
  'e2e',
  'endtoend',
  'integration',
  'mock',
  'mocks',
  'fake',
  'fakes',
  'example',
  'examples',
  '_examples',
  'benchmark',
  'benchmarks',
];

/** A directory named for one example among several: `raftexample`, `producer_example`, `example2`,
 * `example-folder` (the plain `example` and `examples` are in TEST_SUPPORT_DIRS). */
const EXAMPLE_DIR = /^_?examples?([-_]|\d)|[a-z0-9_-]examples?$/;

/** Imports that make a package's non-test code a test helper. */
export const TEST_HELPER_IMPORTS: readonly string[] = ['testing', 'net/http/httptest'];
/** Module paths whose every package is a test helper library (`.../assert`, `.../require`, `.../mock`). */
export const TEST_HELPER_MODULES: readonly string[] = ['github.com/stretchr/testify'];

/** A path of the package's directory tree relative to its module's root, '/'-separated ('' for the
 * root itself); undefined without a module or for a path outside it. */
export function moduleRelative(pkg: GoPackage, target: string): string | undefined {
  if (!pkg.module) return undefined;
  const rel = path.relative(pkg.module.dir, target);
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
}

/**
 * The file's path relative to the module root, '/'-separated: from `pkg.module` when the loader found a
 * go.mod, else the path as displayed (relative to the working directory) with `.` and `..` left out;
 * undefined for an absolute displayed path with no module (nothing says where the project starts, and
 * a directory above it, `/home/test/`, must not count).
 */
export function projectPath(pkg: GoPackage, file: SourceFile): string | undefined {
  const rel = moduleRelative(pkg, path.join(pkg.dir, path.basename(file.path)));
  if (rel !== undefined) return rel;
  if (file.path.startsWith('/') || path.isAbsolute(file.path)) return undefined;
  return file.path
    .split(/[\\/]/)
    .filter((c) => c !== '' && c !== '.' && c !== '..')
    .join('/');
}

/**
 * Whether a module-relative file path lies in test support: one of its directories (not the file name)
 * is in TEST_SUPPORT_DIRS, is named for an example (EXAMPLE_DIR), or is a name in `extra`, or it lies under a path of `extra` (an entry with a
 * `/`, taken relative to the module root: `internal/qa`, `/fixtures`).
 */
export function isTestSupportPath(rel: string, extra: readonly string[] = []): boolean {
  const dirs = rel.split('/').slice(0, -1);
  if (dirs.some((d) => TEST_SUPPORT_DIRS.includes(d) || EXAMPLE_DIR.test(d))) return true;
  for (const raw of extra) {
    const entry = raw.replace(/\/+$/, '');
    if (entry === '') continue;
    if (!entry.includes('/')) {
      if (dirs.includes(entry)) return true;
      continue;
    }
    const prefix = entry.replace(/^\/+/, '').replace(/^\.\//, '');
    if (prefix !== '' && (rel === prefix || rel.startsWith(`${prefix}/`))) return true;
  }
  return false;
}

/** Whether one file imports a test helper (see TEST_HELPER_IMPORTS). `import "testing"` used only for
 * `testing.Testing()` (production code asking whether it runs in a test binary) does not count. */
export function importsTestHelper(file: SourceFile): boolean {
  return importTable(file).some((entry) => {
    if (TEST_HELPER_MODULES.some((m) => entry.path === m || entry.path.startsWith(`${m}/`))) return true;
    if (!TEST_HELPER_IMPORTS.includes(entry.path)) return false;
    return entry.path !== 'testing' || entry.dot || !onlyAsksTesting(file, entry.localName);
  });
}

/** Every use of the import named `local` is `local.Testing`. */
function onlyAsksTesting(file: SourceFile, local: string): boolean {
  const uses = nodesSpelled(file, local, ['identifier', 'package_identifier']).filter((n) => n.parent?.type !== 'import_spec');
  return uses.length > 0 && uses.every((n) => {
    const sel = n.parent;
    return sel?.type === 'selector_expression' && sel.childForFieldName('operand')?.id === n.id && sel.childForFieldName('field')?.text === 'Testing';
  });
}

/** Whether the package is a test helper package: some non-test file imports a test helper. */
export const TEST_HELPER_PACKAGE = defineFact<GoPackage, boolean>('test-helper-package', (pkg) =>
  pkg.files.some((f) => !f.isTest && importsTestHelper(f)),
);

/** Package names of test-support packages besides TEST_SUPPORT_DIRS: the go convention `xtest`
 * (`httptest`, `fstest`, `iotest`), and `xtestutil`, `xtesting`, `xtests`. Words that merely end in
 * "test" are left out. */
export function isTestSupportPackageName(name: string): boolean {
  if (TEST_SUPPORT_DIRS.includes(name)) return true;
  return /^[a-z0-9]*test(s|ing|utils?|helpers?|suites?)?$/.test(name) && !NOT_TEST_WORDS.includes(name);
}

const NOT_TEST_WORDS: readonly string[] = ['latest', 'contest', 'protest', 'attest', 'detest'];

/** A module nested in a repository's test-support directory (`github.com/org/node/examples`,
 * `…/node/tests/e2e`): its go.mod hides that directory from the module-relative path. The first three
 * segments name the repository (`host/owner/repo`) and are not read: a repository may be called
 * `testing`. */
export function isTestSupportModule(modulePath: string | undefined): boolean {
  return modulePath !== undefined && modulePath.split('/').slice(3).some((d) => TEST_SUPPORT_DIRS.includes(d));
}

/** The whole answer for one file of `pkg` (see the comment at the top). */
export function isTestSupportFile(pkg: GoPackage, file: SourceFile): boolean {
  if (file.isTest || isTestSupportPackageName(file.packageName) || isTestSupportModule(pkg.module?.path)) return true;
  const rel = projectPath(pkg, file);
  if (rel !== undefined && isTestSupportPath(rel, pkg.settings?.testSupport)) return true;
  return pkg.store.get(TEST_HELPER_PACKAGE, pkg) || pkg.store.get(TEST_PROGRAM, pkg);
}

/** Whether the package is documented as a test (see the comment at the top), from the first sentence
 * of the doc comment above some file's package clause:
 *  - a program (`package main`) that names a test with the word itself (test, tests, tester, testing):
 *    `Binary client for xDS interop tests.`; `go test` (a tool that reads its output is a developer's
 *    tool, not a test) and words that only contain it (`latest`, `attestation`) do not count;
 *  - a library, whose doc names tests more loosely (`functions to test some properties`, `shared with
 *    the test package`), only when it says what it is for: `for testing purposes`, `for network fault
 *    testing`, `for usage in interop tests`, a `test suite`, a `tester`; `for easier testing of the
 *    package` describes a hook compiled into that package, and does not count. */
export const TEST_PROGRAM = defineFact<GoPackage, boolean>('test-program', (pkg) =>
  pkg.files.some((f) => !f.isTest && !constrained(f) && documentsTest(packageDoc(f), f.packageName === 'main')),
);

export function documentsTest(doc: string, program: boolean): boolean {
  const first = (doc.replace(/\s+/g, ' ').trim().split(/(?<=\.)\s/)[0] ?? '').replace(/\bgo test\b/gi, '');
  if (program) return /\btest(s|er|ing)?\b/i.test(first);
  return /\bfor (\S+ ){0,3}(testing|tests)\b(?! of\b)|\btest suite\b|\btester\b/i.test(first);
}

/** Whether the file has a build constraint: a `go run` program (`ignore`), a fuzz harness or a
 * generator beside the package documents itself, not the package. */
function constrained(file: SourceFile): boolean {
  for (const child of file.tree.rootNode.children) {
    if (child.type !== 'comment') return false;
    if (/^\/\/(go:build |\s*\+build )/.test(child.text)) return true;
  }
  return false;
}

/** The text of the comment lines directly above the package clause (no blank line between), without
 * the comment markers; '' when there is none. */
function packageDoc(file: SourceFile): string {
  const root = file.tree.rootNode;
  const lines: string[] = [];
  let prevRow = -1;
  for (const child of root.children) {
    if (child.type === 'package_clause') return prevRow === child.startPosition.row - 1 ? lines.join(' ') : '';
    if (child.type !== 'comment') return '';
    if (child.startPosition.row !== prevRow + 1) lines.length = 0;
    lines.push(child.text.replace(/^\/\/\s?|^\/\*|\*\/$/g, ''));
    prevRow = child.endPosition.row;
  }
  return '';
}
