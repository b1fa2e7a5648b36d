import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/plain-summary.ts'],
    // vitest's default is one worker per core minus one, which is one on a 2-core machine: the files
    // ran one after another while most of their time is a child process or a worker thread waiting.
    maxWorkers: 2,
    // One module graph per worker, not per test file: re-importing the engine, the grammar and the rules
    // for each of ~55 files cost about 30% of the run. Nothing here keeps state between files at module
    // level (test/no-module-caches.test.ts keeps it that way), so the files do not see each other.
    isolate: false,
    // The in-process CLI loads the built dist/ as Node would, untransformed: it is the code the bin runs.
    server: { deps: { external: [/\/dist\//] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
