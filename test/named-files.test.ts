import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gohazard, goTree, LEAKY } from './helpers/cli.js';

/**
 * pre-commit and lint-staged pass the staged files by name: each is linted in its package (the other
 * files of its directory with the same package clause, read from disk), and only the named files are
 * reported.
 */

const GO_MOD = 'module example.com/app\n\ngo 1.22\n';

/** A map written here and deleted from in forget.go. */
const CACHE = `package peers

import "sync"

var (
	mu    sync.Mutex
	known = map[string]string{}
)

func remember(id, addr string) {
	mu.Lock()
	defer mu.Unlock()
	known[id] = addr
}
`;

const FORGET = `package peers

func forget(id string) {
	mu.Lock()
	defer mu.Unlock()
	delete(known, id)
}
`;

/** A client without a Timeout, declared here and used (so reported) through fetch.go. */
const CLIENTS = `package peers

import "net/http"

var api = &http.Client{}
`;

const FETCH = `package peers

func fetch(url string) error {
	resp, err := api.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
`;

function lines(stdout: string): string[] {
  return stdout.split('\n').filter(Boolean).map((l) => `${l.split(': ')[0]} ${/\(([a-z-]+)\)$/.exec(l)?.[1] ?? ''}`);
}

describe('a named file is linted with its package', () => {
  it('sees the delete in an unnamed sibling, so the map is bounded', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'peers/cache.go': CACHE, 'peers/forget.go': FORGET });
    const r = await gohazard(['peers/cache.go'], { cwd: dir });
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    // As lint-staged passes it: an absolute path.
    expect(await gohazard([path.join(dir, 'peers/cache.go')], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('still reports the map when no file of the package deletes from it', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'peers/cache.go': CACHE, 'peers/other.go': 'package peers\n' });
    const r = await gohazard(['peers/cache.go'], { cwd: dir });
    expect(lines(r.stdout)).toEqual(['peers/cache.go:7:2 unbounded-cache']);
    expect(r.status).toBe(1);
  });

  it('finds what only the package shows: a client declared in the named file and used in a sibling', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'peers/clients.go': CLIENTS, 'peers/fetch.go': FETCH });
    const r = await gohazard(['peers/clients.go'], { cwd: dir });
    expect(lines(r.stdout)).toEqual(['peers/clients.go:5:12 http-client-no-timeout']);
    expect(r.status).toBe(1);
    // The finding belongs to clients.go: naming only fetch.go reports nothing.
    expect(await gohazard(['peers/fetch.go'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('never reports the findings of the siblings, nor their read errors', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'peers/cache.go': CACHE, 'peers/forget.go': FORGET, 'peers/dial.go': LEAKY.replace('package svc', 'package peers'), 'peers/blob.go': Buffer.from([0, 1, 2, 0]) });
    const r = await gohazard(['peers/cache.go'], { cwd: dir });
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    const both = await gohazard(['peers/cache.go', 'peers/dial.go'], { cwd: dir });
    expect(lines(both.stdout)).toEqual(['peers/dial.go:9:11 lost-cancel']);
  });

  it('reports every file of a directory that is also listed, once', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'peers/cache.go': CACHE, 'peers/dial.go': LEAKY.replace('package svc', 'package peers') });
    const r = await gohazard(['peers/cache.go', './...'], { cwd: dir });
    expect(lines(r.stdout)).toEqual(['peers/cache.go:7:2 unbounded-cache', 'peers/dial.go:9:11 lost-cancel']);
  });

  it('leaves out a sibling of another package clause (an external test package)', async () => {
    const xtest = `package peers_test\n\nimport "example.com/app/peers"\n\nfunc init() { peers.Forget("x") }\n`;
    const dir = goTree({ 'go.mod': GO_MOD, 'peers/cache.go': CACHE, 'peers/cache_test.go': xtest });
    const r = await gohazard(['peers/cache.go'], { cwd: dir });
    expect(lines(r.stdout)).toEqual(['peers/cache.go:7:2 unbounded-cache']);
  });
});
