import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The pipeline flows one way (DESIGN.md): no module of src/, rules/ or grammars/ may import itself back
 * through others, type-only imports included. Reads the static `import … from './x.js'` and
 * `export … from` lines of the sources.
 */

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const deps = [...text.matchAll(/^(?:import|export)[^'"\n]*(?:\n[^'"\n]*)*?from\s+'(\.[^']+)'/gm)]
      .map((m) => normalize(join(dirname(file), m[1]!.replace(/\.js$/, '.ts'))))
      .filter((d) => known.has(d));
    graph.set(file, deps);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    // Iterative depth-first search: each frame is a node and the index of its next dependency.
    const stack: Array<[string, number]> = [[start, 0]];
    state.set(start, 'open');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const deps = graph.get(frame[0])!;
      if (frame[1] >= deps.length) {
        state.set(frame[0], 'done');
        stack.pop();
        continue;
      }
      const next = deps[frame[1]++]!;
      if (state.get(next) === 'open') {
        const from = stack.findIndex(([n]) => n === next);
        found.push([...stack.slice(from).map(([n]) => n), next].join(' -> '));
      } else if (!state.has(next)) {
        state.set(next, 'open');
        stack.push([next, 0]);
      }
    }
  }
  return found;
}

describe('imports', () => {
  it('finds a cycle when there is one', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a -> b -> c -> a']);
    expect(cycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('src/, rules/ and grammars/ have no import cycles', () => {
    const files = ['src', 'rules', 'grammars'].flatMap(sources);
    expect(files.length).toBeGreaterThan(50);
    expect(cycles(importGraph(files)).map((c) => relative('.', c))).toEqual([]);
  });
});
