import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/plain-summary.ts'],
    // vitest's default is one worker per core minus one, which is one on a 2-core machine: the files
    // ran one after another while most of their time is a child process or a worker thread waiting.
    maxWorkers: 2,
    // The in-process CLI loads the built dist/ as Node would, untransformed: it is the code the bin runs.
    server: { deps: { external: [/\/dist\//] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
