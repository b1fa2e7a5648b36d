import { describe, expect, it } from 'vitest';
import { gohazard, goTree } from './helpers/cli.js';

/**
 * The place policy (types.ts PlacePolicy, src/analysis/place.ts), end to end through the CLI: findings
 * in test support are left out, those in commands are notes that do not fail the run, service code is
 * reported at the rule's level; `.gohazard.json` `places` changes each.
 */

const GO_MOD = 'module example.com/node\n\ngo 1.22\n';

/** A daemon: its main discards a cancel (a command's finding), and starts a worker goroutine that
 * discards one per tick (the long-running program's finding). */
const DAEMON = `package main

import (
	"context"
	"time"
)

func warmup(ctx context.Context) context.Context {
	ctx, _ = context.WithTimeout(ctx, time.Minute)
	return ctx
}

func main() {
	ctx := warmup(context.Background())
	go func() {
		for range time.Tick(time.Second) {
			tick, _ := context.WithTimeout(ctx, time.Second)
			_ = tick
		}
	}()
	<-ctx.Done()
}
`;

/** The same hazard in a test file, a package named for end-to-end tests and a go:generate program. */
const IN_TEST = `package node

import (
	"context"
	"testing"
	"time"
)

func TestSync(t *testing.T) {
	ctx, _ := context.WithTimeout(context.Background(), time.Second)
	_ = ctx
}
`;

const E2E = `package e2e

import (
	"context"
	"time"
)

func Dial(ctx context.Context) context.Context {
	ctx, _ = context.WithTimeout(ctx, time.Second)
	return ctx
}
`;

const GENERATOR = `//go:build ignore

package main

import (
	"context"
	"time"
)

func fetch(ctx context.Context) context.Context {
	ctx, _ = context.WithTimeout(ctx, time.Second)
	return ctx
}

func main() { fetch(context.Background()) }
`;

interface JsonFinding {
  ruleId: string;
  level: string;
  file: string;
  place: string;
  start: { line: number; column: number };
}

async function findings(files: Record<string, string>): Promise<{ status: number; got: string[] }> {
  const r = await gohazard(['-f', 'json', './...'], { cwd: goTree({ 'go.mod': GO_MOD, ...files }) });
  const parsed = JSON.parse(r.stdout) as { findings: JsonFinding[] };
  return { status: r.status ?? -1, got: parsed.findings.map((f) => `${f.file}:${f.start.line}:${f.start.column} ${f.ruleId} ${f.level} ${f.place}`) };
}

describe('where findings are reported', () => {
  const tree = { 'cmd/node/main.go': DAEMON, 'sync_test.go': IN_TEST, 'sync.go': 'package node\n', 'e2e/dial.go': E2E, 'gen/gen.go': GENERATOR };

  it('by default: test support left out, commands as notes (exit 0 on notes alone), service code at the rule level', async () => {
    expect(await findings(tree)).toEqual({
      status: 1,
      got: [
        'cmd/node/main.go:9:11 lost-cancel note command',
        'cmd/node/main.go:17:15 lost-cancel warning service',
        'gen/gen.go:11:11 lost-cancel note command',
      ],
    });
    expect((await findings({ 'cmd/node/main.go': DAEMON.replace(/\t\tfor range[^]*?\t\t}\n/, '') })).status).toBe(0);
  });

  it('a program in a developer-tool directory is a command as a whole; a library there is service code', async () => {
    const tool = DAEMON.replace('func main() {', 'type checker struct{}\n\nfunc (checker) run(ctx context.Context) context.Context {\n\tctx, _ = context.WithTimeout(ctx, time.Minute)\n\treturn ctx\n}\n\nfunc main() {');
    const r = await findings({ 'tools/licenses/main.go': tool, 'tools/peerdb/db.go': E2E.replace('package e2e', 'package peerdb') });
    expect(r.got).toEqual([
      'tools/licenses/main.go:9:11 lost-cancel note command',
      'tools/licenses/main.go:16:11 lost-cancel note command',
      'tools/licenses/main.go:24:15 lost-cancel note command',
      'tools/peerdb/db.go:9:11 lost-cancel warning service',
    ]);
  });

  it('a package named for tests is test support wherever it sits', async () => {
    const r = await findings({ 'internal/suite/dial.go': E2E, '.gohazard.json': '{"places":{"test":"report"}}' });
    expect(r.got).toEqual(['internal/suite/dial.go:9:11 lost-cancel warning test']);
  });

  it('"places" in .gohazard.json: report tests at the rule level, report or drop commands', async () => {
    const all = await findings({ ...tree, '.gohazard.json': '{"places":{"test":"report","command":"report"}}' });
    expect(all.got).toEqual([
      'cmd/node/main.go:9:11 lost-cancel warning command',
      'cmd/node/main.go:17:15 lost-cancel warning service',
      'e2e/dial.go:9:11 lost-cancel warning test',
      'gen/gen.go:11:11 lost-cancel warning command',
      'sync_test.go:10:12 lost-cancel warning test',
    ]);
    const quiet = await findings({ ...tree, '.gohazard.json': '{"places":{"test":"note","command":"off"}}' });
    expect(quiet.got).toEqual([
      'cmd/node/main.go:17:15 lost-cancel warning service',
      'e2e/dial.go:9:11 lost-cancel note test',
      'sync_test.go:10:12 lost-cancel note test',
    ]);
  });

  it.each([
    ['not an object', '{"places":"off"}', '"places" must be an object'],
    ['an unknown place', '{"places":{"tests":"off"}}', 'unknown place "places.tests"'],
    ['an unknown setting', '{"places":{"command":"warning"}}', 'places.command must be one of off, note, report'],
  ])('a config with %s exits 2 naming it', async (_name, config, message) => {
    const r = await gohazard([], { cwd: goTree({ '.gohazard.json': config, 'a.go': 'package a\n' }) });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
