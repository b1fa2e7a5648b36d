import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { cliActions } from '../src/analysis/cli-actions.js';
import { PROGRAM } from '../src/analysis/program.js';
import type { GoPackage, SourceFile } from '../src/analysis/source.js';
import { goPackage } from './helpers/go-package.js';

/** The names of the main-like function declarations of the package, in file order. */
function mainLikeDecls(pkg: GoPackage): string[] {
  const facts = pkg.store.get(PROGRAM, pkg);
  const out: string[] = [];
  for (const file of pkg.files) {
    for (const top of file.tree.rootNode.namedChildren) {
      if (top.type === 'function_declaration' && facts.isMainLike(top, file)) out.push(top.childForFieldName('name')!.text);
    }
  }
  return out;
}

/** Whether the innermost func literal around `marker` (a comment in its body) is main-like. */
function literalIsMainLike(pkg: GoPackage, file: SourceFile, marker: string): boolean {
  const at = file.text.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker}`);
  let node: Node | null = file.tree.rootNode.descendantForIndex(at);
  while (node && node.type !== 'func_literal') node = node.parent;
  if (!node) throw new Error(`no literal around ${marker}`);
  return pkg.store.get(PROGRAM, pkg).isMainLike(node, file);
}

const one = (text: string, path = 'cmd/app/main.go') => goPackage({ [path]: text });

describe('isMainLike: main and init', () => {
  it('main and init of package main are; of another package, and methods, are not', async () => {
    expect(mainLikeDecls(await one('package main\n\nfunc init() {}\n\nfunc main() {}\n'))).toEqual(['init', 'main']);
    expect(mainLikeDecls(await one('package lib\n\nfunc init() {}\n\nfunc main() {}\n', 'lib/lib.go'))).toEqual([]);
    const withMethod = await one('package main\n\ntype s struct{}\n\nfunc (s) main() {}\n\nfunc main() {}\n');
    const method = withMethod.files[0]!.tree.rootNode.namedChildren.find((n) => n.type === 'method_declaration')!;
    expect(withMethod.store.get(PROGRAM, withMethod).isMainLike(method, withMethod.files[0]!)).toBe(false);
  });

  it('main of a test file does not count (the test binary is another program)', async () => {
    const pkg = await goPackage({ 'm/main.go': 'package main\n\nfunc main() {}\n', 'm/x_test.go': 'package main\n\nfunc init() { helper() }\n\nfunc helper() {}\n' });
    expect(mainLikeDecls(pkg)).toEqual(['main']);
  });
});

describe('isMainLike: functions only main-like code calls', () => {
  it('follows calls from main, through chains and across files, to a fixed point', async () => {
    const pkg = await goPackage({
      'm/main.go': 'package main\n\nfunc main() {\n\tdefer cleanup()\n\tserve()\n}\n\nfunc serve() { loop(); loop() }\n',
      'm/loop.go': 'package main\n\nfunc loop() { loop() }\n\nfunc cleanup() {}\n\nfunc unused() {}\n',
    });
    expect(mainLikeDecls(pkg)).toEqual(['main', 'serve', 'loop', 'cleanup']);
  });

  it('every platform variant of a function (install_linux.go, install_darwin.go) is called by its calls', async () => {
    const variant = (os: string) => `//go:build ${os}\n\npackage main\n\nfunc install() { fetch() }\n`;
    const pkg = await goPackage({
      'm/install_darwin.go': variant('darwin'),
      'm/install_linux.go': variant('linux'),
      'm/main.go': 'package main\n\nfunc main() { install() }\n\nfunc fetch() {}\n',
    });
    expect(mainLikeDecls(pkg)).toEqual(['install', 'install', 'main', 'fetch']);
    const goStarted = await goPackage({ 'm/install_linux.go': variant('linux'), 'm/main.go': 'package main\n\nfunc main() { go install() }\n\nfunc fetch() {}\n' });
    expect(mainLikeDecls(goStarted)).toEqual(['main']);
  });

  it('not a function started with go, used as a value, or also called from elsewhere', async () => {
    const pkg = await one(`package main

func main() {
	go watch()
	handle(onSignal)
	shared()
	viaVar := later
	viaVar()
}

func watch() {}
func onSignal() {}
func shared() {}
func later() {}
func handle(f func()) { f() }

func (s *srv) run() { shared() }

type srv struct{}
`);
    expect(mainLikeDecls(pkg)).toEqual(['main', 'handle']);
  });

  it('not a function called from a package-level initializer or a goroutine literal', async () => {
    const pkg = await one('package main\n\nvar x = setup()\n\nfunc main() {\n\tgo func() { work() }()\n}\n\nfunc setup() int { return 1 }\n\nfunc work() {}\n');
    expect(mainLikeDecls(pkg)).toEqual(['main']);
  });

  it('a call from a _test.go file does not rule a program function out', async () => {
    const pkg = await goPackage({ 'm/main.go': 'package main\n\nfunc main() { run() }\n\nfunc run() {}\n', 'm/main_test.go': 'package main\n\nfunc TestRun() { go run() }\n' });
    expect(mainLikeDecls(pkg)).toEqual(['main', 'run']);
  });

  it('a struct-literal key spelled like a function is not a use of it', async () => {
    const pkg = await one('package main\n\ntype T struct{ run int }\n\nvar t = T{run: 1}\n\nfunc main() { run() }\n\nfunc run() {}\n');
    expect(mainLikeDecls(pkg)).toEqual(['main', 'run']);
  });

  it('a local variable shadowing the function is not a reference to it', async () => {
    const pkg = await one('package main\n\nfunc main() { run() }\n\nfunc other() {\n\trun := func() {}\n\tgo run()\n}\n\nfunc run() {}\n');
    expect(mainLikeDecls(pkg)).toEqual(['main', 'run']);
  });
});

describe('isMainLike: function literals', () => {
  const src = `package main

func main() {
	func() { /*called*/ }()
	defer func() { /*deferred*/ }()
	go func() { /*goroutine*/ }()
	run(func() { /*argument*/ })
	stop := func() { /*stored*/ }
	defer stop()
	spawn := func() { /*spawned*/ }
	go spawn()
	func() {
		func() { /*nested*/ }()
	}()
}

func run(f func()) {}

func other() {
	func() { /*elsewhere*/ }()
}
`;
  it.each([
    ['called', true],
    ['deferred', true],
    ['goroutine', false],
    ['argument', false],
    ['stored', true],
    ['spawned', false],
    ['nested', true],
    ['elsewhere', false],
  ])('%s → %s', async (marker, expected) => {
    const pkg = await one(src);
    expect(literalIsMainLike(pkg, pkg.files[0]!, `/*${marker}*/`)).toBe(expected);
  });
});

describe('isMainLike: CLI command actions', () => {
  it('cobra, under an alias: Run/RunE/PreRunE literals and named functions, and what they call', async () => {
    const pkg = await one(
      `package cmd

import cc "github.com/spf13/cobra"

var root = &cc.Command{
	Use:  "app",
	RunE: runRoot,
	PersistentPreRunE: func(c *cc.Command, args []string) error { /*pre*/ return nil },
}

func runRoot(c *cc.Command, args []string) error { serve(); return nil }

func serve() {}

func helper() {}
`,
      'cmd/root.go',
    );
    expect(mainLikeDecls(pkg)).toEqual(['runRoot', 'serve']);
    expect(literalIsMainLike(pkg, pkg.files[0]!, '/*pre*/')).toBe(true);
  });

  it('cobra: an assignment cmd.Run = f, for a command declared by type or by literal, in another file too', async () => {
    const pkg = await goPackage({
      'cmd/a.go': 'package cmd\n\nimport "github.com/spf13/cobra"\n\nvar serveCmd = &cobra.Command{Use: "serve"}\n\nfunc setup(c *cobra.Command) { c.PreRun = prepare }\n',
      'cmd/b.go': 'package cmd\n\nfunc init() { serveCmd.Run = runServe }\n\nfunc runServe() {}\n\nfunc prepare() {}\n',
    });
    expect(mainLikeDecls(pkg)).toEqual(['runServe', 'prepare']);
  });

  it('cobra: not a Run field of another type, an unimported package, or a shadowed package name', async () => {
    const pkg = await one(
      `package cmd

import "github.com/spf13/cobra"

type job struct{ Run func() }

var a = job{Run: notA}
var b = &cobra.Group{Run: notB}

func f(cobra fake) {
	x := cobra.Command{Run: notC}
	_ = x
}

func notA() {}
func notB() {}
func notC() {}
`,
      'cmd/x.go',
    );
    expect(mainLikeDecls(pkg)).toEqual([]);
    const other = await one('package cmd\n\nimport "example.com/cobra"\n\nvar c = &cobra.Command{Run: run}\n\nfunc run() {}\n', 'cmd/y.go');
    expect(mainLikeDecls(other)).toEqual([]);
  });

  it.each(['github.com/urfave/cli', 'github.com/urfave/cli/v2', 'github.com/urfave/cli/v3'])('urfave %s: Action of App and Command', async (path) => {
    const pkg = await one(`package main

import "${path}"

func main() {
	app := &cli.App{Action: start, Commands: []*cli.Command{{Name: "x"}, &cli.Command{Action: sub}}}
	_ = app
}

func start(c *cli.Context) error { return nil }
func sub(c *cli.Context) error { return nil }
`);
    expect(mainLikeDecls(pkg)).toEqual(['main', 'start', 'sub']);
  });

  it('urfave: app.Action = f / Before / After, the app made by a helper, in a file importing the framework', async () => {
    const pkg = await one(`package main

import (
	"github.com/urfave/cli/v2"
	"example.com/node/internal/flags"
)

var app = flags.NewApp("node")

func init() {
	app.Action = node
	app.Before, app.After = setup, teardown
	app.Flags = []cli.Flag{}
	other.Action += 1
}

func node(c *cli.Context) error { return nil }
func setup(c *cli.Context) error { return nil }
func teardown(c *cli.Context) error { return nil }
func helper() {}
`);
    expect(mainLikeDecls(pkg)).toEqual(['init', 'node', 'setup', 'teardown']);
    const without = await one('package main\n\nvar app = newApp()\n\nfunc init() { app.Action = node }\n\nfunc node() {}\n\nfunc newApp() *App { return nil }\n\ntype App struct{ Action func() }\n');
    expect(mainLikeDecls(without)).toEqual(['init']);
  });

  it('urfave: commands whose literal type is elided in a []*cli.Command or a map of them, nested too', async () => {
    const pkg = await one(`package tools

import "github.com/urfave/cli/v2"

var Commands = []*cli.Command{
	{Name: "download", Action: download},
	{Name: "check", Subcommands: []*cli.Command{{Name: "specs", Action: check}}},
}

var byName = map[string]*cli.Command{"verify": {Action: verify}}

var notCommands = []*cli.Flag{{Action: flagged}}

func download(c *cli.Context) error { return nil }
func check(c *cli.Context) error { return nil }
func verify(c *cli.Context) error { return nil }
func flagged(c *cli.Context) error { return nil }
`, 'tools/specs/cmd.go');
    expect(mainLikeDecls(pkg)).toEqual(['download', 'check', 'verify']);
  });

  it('caddy: Func of a caddycmd.Command registered from init() of a library, and the cobra wrapper', async () => {
    const pkg = await one(
      `package reverseproxy

import (
	caddycmd "github.com/caddyserver/caddy/v2/cmd"
	"github.com/spf13/cobra"
)

func init() {
	caddycmd.RegisterCommand(caddycmd.Command{
		Name: "reverse-proxy",
		Func: cmdReverseProxy,
		CobraFunc: func(cmd *cobra.Command) {
			cmd.RunE = caddycmd.WrapCommandFuncForCobra(cmdOther)
		},
	})
}

func cmdReverseProxy(fl caddycmd.Flags) (int, error) { return 0, nil }
func cmdOther(fl caddycmd.Flags) (int, error) { return 0, nil }
`,
      'modules/reverseproxy/command.go',
    );
    expect(mainLikeDecls(pkg)).toEqual(['cmdReverseProxy', 'cmdOther']);
  });

  it('caddy imported without an alias is still caddycmd (its package clause), not cmd', async () => {
    const pkg = await one('package m\n\nimport "github.com/caddyserver/caddy/v2/cmd"\n\nvar c = caddycmd.Command{Func: run}\n\nfunc run() {}\n', 'm/m.go');
    expect(mainLikeDecls(pkg)).toEqual(['run']);
  });

  it('inside caddy\'s cmd package itself, the unqualified Command{Func: f} registers an action', async () => {
    const text = 'package caddycmd\n\ntype Command struct{ Func func() }\n\nfunc init() { RegisterCommand(Command{Func: cmdRemove}) }\n\nfunc RegisterCommand(c Command) {}\n\nfunc cmdRemove() { rebuild() }\n\nfunc rebuild() {}\n';
    const own = await goPackage({ 'cmd/commands.go': text }, { dir: '/r/cmd', module: { dir: '/r', path: 'github.com/caddyserver/caddy/v2' } });
    expect(mainLikeDecls(own)).toEqual(['cmdRemove', 'rebuild']);
    const elsewhere = await goPackage({ 'cmd/commands.go': text }, { dir: '/r/cmd', module: { dir: '/r', path: 'example.com/other' } });
    expect(mainLikeDecls(elsewhere)).toEqual([]);
  });

  it('kong: the Run method of a struct tagged for kong, and what it calls', async () => {
    const runIsMainLike = (pkg: GoPackage) => {
      const file = pkg.files[0]!;
      const run = file.tree.rootNode.namedChildren.find((n) => n.type === 'method_declaration')!;
      return pkg.store.get(PROGRAM, pkg).isMainLike(run, file);
    };
    const main = await one(
      'package main\n\nimport "github.com/alecthomas/kong"\n\ntype serveCmd struct {\n\tData string `name:"data" help:"Data directory"`\n}\n\n' +
        'func (c serveCmd) Run() error { return upgrade() }\n\nfunc upgrade() error { return nil }\n\nfunc main() { kong.Parse(&serveCmd{}) }\n',
    );
    expect(runIsMainLike(main)).toBe(true);
    expect(mainLikeDecls(main)).toEqual(['upgrade', 'main']);
    // A command struct in a package of its own that never imports kong: a key only kong reads.
    const own = await one('package decrypt\n\ntype CLI struct {\n\tPath string `arg:"" help:"Folder to decrypt"`\n}\n\nfunc (c *CLI) Run() error { return walk() }\n\nfunc walk() error { return nil }\n', 'cmd/x/decrypt/decrypt.go');
    expect(runIsMainLike(own)).toBe(true);
    expect(mainLikeDecls(own)).toEqual(['walk']);
  });

  it('kong: not a Run method of a struct with other tags, of an untagged one, or not returning error', async () => {
    const runIsMainLike = (pkg: GoPackage) => {
      const file = pkg.files[0]!;
      const run = file.tree.rootNode.namedChildren.find((n) => n.type === 'method_declaration')!;
      return pkg.store.get(PROGRAM, pkg).isMainLike(run, file);
    };
    const json = 'package peers\n\ntype Peer struct {\n\tAddr string `json:"addr" help:"the address"`\n}\n\nfunc (p *Peer) Run() error { return nil }\n';
    expect(runIsMainLike(await one(json, 'p2p/peers/peer.go'))).toBe(false); // help: alone, and no kong import
    const untagged = 'package main\n\nimport "github.com/alecthomas/kong"\n\ntype worker struct{ n int }\n\nfunc (w *worker) Run() error { return nil }\n\nvar _ = kong.Parse\n';
    expect(runIsMainLike(await one(untagged))).toBe(false);
    const noError = 'package main\n\nimport "github.com/alecthomas/kong"\n\ntype cmd struct {\n\tN int `help:"n"`\n}\n\nfunc (c cmd) Run() {}\n\nvar _ = kong.Parse\n';
    expect(runIsMainLike(await one(noError))).toBe(false);
  });

  it('an action also started with go elsewhere is not main-like', async () => {
    const pkg = await one('package main\n\nimport "github.com/spf13/cobra"\n\nvar c = &cobra.Command{Run: run}\n\nfunc main() { go run(nil, nil) }\n\nfunc run(c *cobra.Command, a []string) {}\n');
    expect(mainLikeDecls(pkg)).toEqual(['main']);
  });

  it('actions in _test.go files are not collected', async () => {
    const pkg = await goPackage({ 'cmd/x_test.go': 'package cmd\n\nimport "github.com/spf13/cobra"\n\nvar c = &cobra.Command{Run: run}\n\nfunc run() {}\n' });
    expect(cliActions(pkg)).toEqual([]);
  });
});

describe('isMainLike: scale', () => {
  it('follows a call chain thousands of functions long (a worklist, no recursion)', async () => {
    const n = 3000;
    const funcs = Array.from({ length: n }, (_, i) => `func f${i}() { ${i + 1 < n ? `f${i + 1}()` : ''} }`).join('\n');
    const pkg = await one(`package main\n\nfunc main() { f0() }\n\n${funcs}\n`);
    const decls = mainLikeDecls(pkg);
    expect(decls).toHaveLength(n + 1);
    expect(decls[n]).toBe(`f${n - 1}`);
  });

  it('answers for literals nested thousands deep', async () => {
    const depth = 2000;
    const body = `${'func() {\n'.repeat(depth)}/*deepest*/${'}()\n'.repeat(depth)}`;
    const pkg = await one(`package main\n\nfunc main() {\n${body}}\n`);
    expect(literalIsMainLike(pkg, pkg.files[0]!, '/*deepest*/')).toBe(true);
  });
});
