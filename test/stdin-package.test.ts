import { describe, expect, it } from 'vitest';
import { gohazard, goTree } from './helpers/cli.js';

/** An editor sends one unsaved buffer; its package's other files are on disk and count. */

const CACHE = `package peers

import "sync"

type entry struct{ addr string }

var (
	mu    sync.Mutex
	known = map[string]*entry{}
)

func remember(id, addr string) {
	mu.Lock()
	defer mu.Unlock()
	known[id] = &entry{addr: addr}
}
`;

const FORGET = `package peers

func forget(id string) {
	mu.Lock()
	defer mu.Unlock()
	delete(known, id)
}
`;

/** A sibling with a finding of its own (a dropped cancel), which a lint of the buffer must not show. */
const SIBLING_LEAK = `package peers

import (
	"context"
	"time"
)

func dial(ctx context.Context) context.Context {
	ctx, _ = context.WithTimeout(ctx, time.Second)
	return ctx
}
`;

describe('stdin with --stdin-filename lints the buffer in its package', () => {
  it('sees the delete in a sibling file on disk, so the map is bounded', async () => {
    const dir = goTree({ 'peers/forget.go': FORGET, 'peers/cache.go': 'package peers\n' });
    const r = await gohazard(['--stdin-filename', 'peers/cache.go', '-'], { cwd: dir, input: CACHE });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('reports the buffer, not the stale copy on disk nor the siblings', async () => {
    const dir = goTree({ 'peers/cache.go': 'package peers\n', 'peers/dial.go': SIBLING_LEAK });
    const r = await gohazard(['--stdin-filename', 'peers/cache.go', '-'], { cwd: dir, input: CACHE });
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split(': ')[0])).toEqual(['peers/cache.go:9:2']);
    expect(r.stdout).toContain('(unbounded-cache)');
    expect(r.status).toBe(1);
  });

  it('without a file name, lints the buffer alone', async () => {
    const dir = goTree({ 'peers/forget.go': FORGET });
    const r = await gohazard(['-'], { cwd: dir, input: CACHE });
    expect(r.stdout.startsWith('<stdin>:9:2: ')).toBe(true);
  });
});
