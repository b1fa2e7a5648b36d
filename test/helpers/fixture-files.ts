import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The .go files of one fixture directory as the engine takes them, paths relative to `root`. */
export function fixtureFiles(root: string, dir: string): Array<{ path: string; text: string; isTest: boolean; packageName: string }> {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.go'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(root, dir, name), 'utf8');
      const packageName = /^package\s+(\w+)/m.exec(text)?.[1] ?? '';
      return { path: join(dir, name), text, isTest: name.endsWith('_test.go'), packageName };
    });
}
