import { describe, expect, it } from 'vitest';
import { importsOf } from '../src/analysis/module-imports.js';
import { gohazard, goTree } from './helpers/cli.js';

/**
 * A loop that can never exit is by design in a goroutine the program starts once, at set-up (started-once.ts):
 * followed back through the package and, for an exported function, through the module's packages that
 * import it, end to end through the CLI.
 */

const GO_MOD = 'module example.com/node\n\ngo 1.22\n';

/** A metrics reporter in its own package: `Report` blocks forever, by design; its callers start it. */
const REPORTER = `package reporter

import "time"

type pusher struct{ every time.Duration }

// Report pushes the node's metrics every interval, for as long as the process runs.
func Report(every time.Duration) {
	p := &pusher{every: every}
	p.run()
}

// ReportTo is another entry nothing in the module calls.
func ReportTo(every time.Duration) { Report(every) }

func (p *pusher) run() {
	t := time.NewTicker(p.every)
	for {
		select {
		case <-t.C:
			push()
		}
	}
}

func push() {}
`;

/** The node's set-up package: SetupMetrics is called from the command's action, and starts one reporter. */
const SETUP = `package setup

import (
	"time"

	rep "example.com/node/metrics/reporter"
)

func SetupMetrics(enabled bool) {
	if enabled {
		go rep.Report(10 * time.Second)
	}
}
`;

const MAIN = `package main

import (
	"os"

	"github.com/urfave/cli/v2"
	"example.com/node/internal/setup"
)

func run(c *cli.Context) error {
	setup.SetupMetrics(true)
	return nil
}

func main() {
	app := cli.NewApp()
	app.Action = run
	_ = app.Run(os.Args)
}
`;

/** The same reporter started once per accepted connection: a goroutine per peer that never ends. */
const PER_CONN = `package p2p

import (
	"net"
	"time"

	"example.com/node/metrics/reporter"
)

func Serve(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		_ = c
		go reporter.Report(time.Second)
	}
}
`;

const HANDLER = `package api

import (
	"net/http"
	"time"

	"example.com/node/metrics/reporter"
)

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/report", func(w http.ResponseWriter, r *http.Request) {
		go reporter.Report(time.Second)
	})
}
`;

async function selectFindings(files: Record<string, string>): Promise<string[]> {
  const r = await gohazard(['-f', 'json', '--disable', 'lost-cancel,waitgroup-mismatch,http-client-no-timeout,unbounded-cache', './...'], { cwd: goTree({ 'go.mod': GO_MOD, ...files }) });
  const parsed = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; file: string; start: { line: number; column: number } }> };
  return parsed.findings.map((f) => `${f.file}:${f.start.line}:${f.start.column} ${f.ruleId}`);
}

const NODE = { 'metrics/reporter/reporter.go': REPORTER, 'internal/setup/setup.go': SETUP, 'cmd/node/main.go': MAIN };

describe('a goroutine the program starts once', () => {
  it('is by design when every call in the module, across packages, is made once by set-up code', async () => {
    expect(await selectFindings(NODE)).toEqual([]);
  });

  it('is reported when one caller starts it in a loop (per connection)', async () => {
    expect(await selectFindings({ ...NODE, 'p2p/serve.go': PER_CONN })).toEqual(['metrics/reporter/reporter.go:18:2 select-no-exit']);
  });

  it('is reported when one caller starts it from a handler literal (per request)', async () => {
    expect(await selectFindings({ ...NODE, 'api/routes.go': HANDLER })).toEqual(['metrics/reporter/reporter.go:18:2 select-no-exit']);
  });

  it('is reported when nothing in the module starts it (a library for other programs)', async () => {
    expect(await selectFindings({ 'metrics/reporter/reporter.go': REPORTER })).toEqual(['metrics/reporter/reporter.go:18:2 select-no-exit']);
  });

  it('callers in tests do not count either way', async () => {
    const test = 'package p2p\n\nimport (\n\t"testing"\n\t"time"\n\n\t"example.com/node/metrics/reporter"\n)\n\nfunc TestReport(t *testing.T) {\n\tfor i := 0; i < 3; i++ {\n\t\tgo reporter.Report(time.Millisecond)\n\t}\n}\n';
    expect(await selectFindings({ ...NODE, 'p2p/report_test.go': test })).toEqual([]);
  });
});

describe('the import index reads import declarations without parsing', () => {
  it('single, named, grouped; comments left out', () => {
    const head = 'package x\n\n// import "commented/out"\nimport "fmt"\nimport m "math"\nimport (\n\t"os"\n\tlog "github.com/sirupsen/logrus" // why\n\t/* "no" */\n\t_ "embed"\n)\n\nfunc f() {}\n';
    expect(importsOf(head)).toEqual(['fmt', 'math', 'os', 'github.com/sirupsen/logrus', 'embed']);
  });
});
