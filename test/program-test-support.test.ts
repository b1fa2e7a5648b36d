import { describe, expect, it } from 'vitest';
import { PROGRAM } from '../src/analysis/program.js';
import type { GoPackage, SourceFile } from '../src/analysis/source.js';
import { documentsTest, importsTestHelper, isTestSupportModule, isTestSupportPackageName, isTestSupportPath, projectPath, TEST_SUPPORT_DIRS } from '../src/analysis/test-support.js';
import { goPackage } from './helpers/go-package.js';

const PLAIN = 'package p\n\nfunc F() {}\n';
const testSupport = (pkg: GoPackage, file: SourceFile = pkg.files[0]!) => pkg.store.get(PROGRAM, pkg).isTestSupport(file);

describe('isTestSupportPath', () => {
  it.each([
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
  ])('a directory named %s, at any depth below the module root', (dir) => {
    expect(isTestSupportPath(`${dir}/x.go`)).toBe(true);
    expect(isTestSupportPath(`pkg/${dir}/sub/x.go`)).toBe(true);
    expect(isTestSupportPath(`pkg/${dir}x/x.go`)).toBe(false);
  });

  it('the list is exactly the one tested above', () => {
    expect(TEST_SUPPORT_DIRS).toHaveLength(19);
  });

  it('counts directories only, and not cmd/ or names that merely contain "test"', () => {
    expect(isTestSupportPath('test.go')).toBe(false);
    expect(isTestSupportPath('pkg/mock.go')).toBe(false);
    expect(isTestSupportPath('cmd/server/main.go')).toBe(false);
    expect(isTestSupportPath('internal/attestation/x.go')).toBe(false);
    expect(isTestSupportPath('contest/x.go')).toBe(false);
  });

  it('a directory named for one example among several', () => {
    for (const dir of ['raftexample', 'producer_example', 'json-examples', 'example2', 'example-folder', '_example_relay']) {
      expect(isTestSupportPath(`contrib/${dir}/main.go`)).toBe(true);
    }
    for (const dir of ['exampled', 'sample', 'exam']) expect(isTestSupportPath(`contrib/${dir}/main.go`)).toBe(false);
  });

  it('takes extra directory names and module-relative prefixes', () => {
    const extra = ['qa', 'internal/fixtures/', '/tools/load'];
    expect(isTestSupportPath('svc/qa/x.go', extra)).toBe(true);
    expect(isTestSupportPath('svc/qax/x.go', extra)).toBe(false);
    expect(isTestSupportPath('internal/fixtures/db/x.go', extra)).toBe(true);
    expect(isTestSupportPath('svc/internal/fixtures/x.go', extra)).toBe(false); // a prefix is anchored at the root
    expect(isTestSupportPath('tools/load/x.go', extra)).toBe(true);
    expect(isTestSupportPath('tools/loader/x.go', extra)).toBe(false);
    expect(isTestSupportPath('svc/qa/x.go', [])).toBe(false);
  });
});

describe('projectPath', () => {
  it('is relative to the module root when the module is known, so directories above it never count', async () => {
    const pkg = await goPackage({ 'svc/x.go': PLAIN }, { dir: '/home/test/repo/svc', module: { dir: '/home/test/repo', path: 'example.com/r' } });
    expect(projectPath(pkg, pkg.files[0]!)).toBe('svc/x.go');
    expect(testSupport(pkg)).toBe(false);
  });

  it('without a module, is the displayed path without . and ..; nothing for an absolute one', async () => {
    const rel = await goPackage({ '../mocks/./x.go': PLAIN }, { dir: '/w/mocks' });
    expect(projectPath(rel, rel.files[0]!)).toBe('mocks/x.go');
    expect(testSupport(rel)).toBe(true);
    const abs = await goPackage({ '/home/test/x.go': PLAIN }, { dir: '/home/test' });
    expect(projectPath(abs, abs.files[0]!)).toBeUndefined();
    expect(testSupport(abs)).toBe(false);
  });

  it('a test directory inside the module counts', async () => {
    const pkg = await goPackage({ 'e2e/x.go': PLAIN }, { dir: '/home/u/repo/e2e', module: { dir: '/home/u/repo', path: 'm' } });
    expect(testSupport(pkg)).toBe(true);
  });
});

describe('isTestSupport', () => {
  it('a _test.go file is; a plain file is not', async () => {
    const pkg = await goPackage({ 'p/p.go': PLAIN, 'p/p_test.go': 'package p\n\nimport "testing"\n\nfunc TestF(t *testing.T) {}\n' });
    expect(testSupport(pkg, pkg.files[0])).toBe(false);
    expect(testSupport(pkg, pkg.files[1])).toBe(true);
  });

  it.each([
    ['testing', 'import "testing"\n\nfunc Helper(t testing.TB) {}'],
    ['net/http/httptest', 'import "net/http/httptest"\n\nfunc Server() *httptest.Server { return nil }'],
    ['testify (any package, aliased)', 'import req "github.com/stretchr/testify/require"\n\nfunc Must(t req.TestingT) {}'],
    ['testify/mock', 'import "github.com/stretchr/testify/mock"\n\ntype M struct{ mock.Mock }'],
  ])('every file of a package whose non-test code imports %s', async (_name, body) => {
    const pkg = await goPackage({ 'pkg/helper/a.go': `package helper\n\n${body}\n`, 'pkg/helper/b.go': 'package helper\n\nfunc B() {}\n' });
    expect(testSupport(pkg, pkg.files[0])).toBe(true);
    expect(testSupport(pkg, pkg.files[1])).toBe(true);
  });

  it('not a package whose tests alone import testing, nor one that only asks testing.Testing()', async () => {
    const tested = await goPackage({ 'p/p.go': PLAIN, 'p/p_test.go': 'package p\n\nimport "testing"\n\nfunc TestF(t *testing.T) {}\n' });
    expect(testSupport(tested)).toBe(false);
    const asks = await goPackage({ 'p/p.go': 'package p\n\nimport "testing"\n\nvar inTest = testing.Testing()\n' });
    expect(importsTestHelper(asks.files[0]!)).toBe(false);
    expect(testSupport(asks)).toBe(false);
    const both = await goPackage({ 'p/p.go': 'package p\n\nimport "testing"\n\nvar inTest = testing.Testing()\n\nfunc H(t *testing.T) {}\n' });
    expect(testSupport(both)).toBe(true);
  });

  it('not a package importing something that only looks like testify', async () => {
    const pkg = await goPackage({ 'p/p.go': 'package p\n\nimport "github.com/stretchr/testifyx/assert"\n\nvar _ = assert.X\n' });
    expect(testSupport(pkg)).toBe(false);
  });

  it.each([
    ['e2e', true],
    ['testutil', true],
    ['httptest', true],
    ['peertesting', true],
    ['synctests', true],
    ['latest', false],
    ['attest', false],
    ['testnet', false],
    ['node', false],
  ])('a package clause %s names test support: %s', async (name, expected) => {
    expect(isTestSupportPackageName(name)).toBe(expected);
    const pkg = await goPackage({ [`internal/suite/a.go`]: `package ${name}\n` }, { dir: '/r/internal/suite', module: { dir: '/r', path: 'example.com/r' } });
    expect(testSupport(pkg)).toBe(expected);
  });

  it.each([
    ['github.com/org/node/examples', true],
    ['github.com/org/node/test/e2e', true],
    ['github.com/org/testing', false],
    ['github.com/org/node/cmd/tool', false],
  ])('a module nested in a test-support directory (%s): %s', async (modulePath, expected) => {
    expect(isTestSupportModule(modulePath)).toBe(expected);
    const pkg = await goPackage({ 'echo/main.go': 'package main\n' }, { dir: '/r/echo', module: { dir: '/r', path: modulePath } });
    expect(testSupport(pkg)).toBe(expected);
  });

  it('takes the config\'s extra list from the package settings', async () => {
    const opts = { dir: '/r/qa/load', module: { dir: '/r', path: 'm' } };
    expect(testSupport(await goPackage({ 'qa/load/x.go': PLAIN }, opts))).toBe(false);
    expect(testSupport(await goPackage({ 'qa/load/x.go': PLAIN }, { ...opts, settings: { testSupport: ['qa'] } }))).toBe(true);
    expect(testSupport(await goPackage({ 'qa/load/x.go': PLAIN }, { ...opts, settings: { testSupport: ['qa/load'] } }))).toBe(true);
  });
});

describe('a program documented as a test', () => {
  const program = (doc: string) => `// Copyright 2026 The Node Authors.\n\n${doc}package main\n\nfunc main() {}\n`;

  it.each([
    ['// Binary relay-probe is the peer used by the relay interop tests.\n'],
    ['// Command chainload runs a load test against a local devnet.\n// It is not shipped.\n'],
    ['/* Package main is a stress tester for the mempool. */\n'],
  ])('is test support: %j', async (doc) => {
    const pkg = await goPackage({ 'tools2/probe/main.go': program(doc), 'tools2/probe/flags.go': 'package main\n\nvar addr string\n' });
    expect(testSupport(pkg, pkg.files[0])).toBe(true);
    expect(testSupport(pkg, pkg.files[1])).toBe(true); // the whole program, not the file with the doc
  });

  it.each([
    ['// Command beacond runs the beacon node.\n'], // no test
    ['// Command attestd serves the latest attestations.\n'], // words that only contain "test"
    ['// Command gotest2db stores the output of go test -json in a database.\n'], // names the go tool
    ['// Command node runs the node. Integration tests start it with -dev.\n'], // not in the first sentence
    ['// Binary server is used for interop tests.\n\n'], // a blank line: not the package doc
  ])('is not: %j', async (doc) => {
    expect(testSupport(await goPackage({ 'cmd/node/main.go': program(doc) }))).toBe(false);
  });

  it('not from a file with a build constraint: a fuzz harness or go run program beside the package documents itself', async () => {
    const pkg = await goPackage({
      'cmd/node/main.go': program('// Command node runs the node.\n'),
      'cmd/node/fuzz.go': '//go:build gofuzz\n\n// Fuzz is the fuzz test of the flag parser.\npackage main\n',
    });
    expect(testSupport(pkg, pkg.files[0])).toBe(false);
  });

  it.each([
    ['Package faultproxy implements proxies for network fault testing.'],
    ['Package stubpeer implements a peer for testing purposes.'],
    ['Package harness contains helpers for usage in interop tests.'],
    ['Package guide is a small test suite for the snippets of the guide.'],
    ['Package agent implements the functional-tester agent.'],
  ])('a library that says it is for tests is test support: %s', async (doc) => {
    expect(testSupport(await goPackage({ 'p2p/relay/relay.go': `// ${doc}\npackage relay\n` }))).toBe(true);
  });

  it.each([
    ['Package relay is the relay used by the interop tests.'], // used by tests, not for them
    ['Package unicode provides functions to test some properties of code points.'],
    ['Package internal allows for easier testing of the balancer package.'], // a hook compiled into production
    ['Package reflection contains code shared by the server and the test package.'],
  ])('a library that only mentions tests stays service code: %s', async (doc) => {
    expect(testSupport(await goPackage({ 'p2p/relay/relay.go': `// ${doc}\npackage relay\n` }))).toBe(false);
  });

  it('reads the first sentence', () => {
    expect(documentsTest('Binary client for xDS interop tests.', true)).toBe(true);
    expect(documentsTest('Command geth runs a node. See the tests.', true)).toBe(false);
    expect(documentsTest('Package p2p runs peers. It is used for testing.', false)).toBe(false);
  });
});
