import { defineConfig } from 'vitest/config';

// Tests that drive real child processes (the CLI through its bin launcher, examples, a server): each
// process is a Node start plus tsx compiling on the fly (about 1 s of CPU), and each has its own
// deadline (server/test-support/run-child.ts, 15 s) that names the command that hung. Such a test's
// own timeout only bounds the sum of its processes, so it is sized for them rather than for the
// in-process tests: two workers on two cores (plus the processes they spawn) slow every process
// down, and a fixed 20 s was hit by a test starting seven of them.
const CHILD_PROCESS_TESTS = [
  'cli/**/*.test.ts',
  'client/examples.test.ts',
  'scripts/readme-walkthrough.test.ts',
  'server/deploy/deploy-process.test.ts',
];
const EXCLUDE = ['node_modules', 'e2e', 'bench', '.next'];

export default defineConfig({
  test: {
    exclude: EXCLUDE,
    pool: 'forks',
    // Two workers on the two-core machines this runs on: 447 s with one, ~320 s with two.
    maxWorkers: 2,
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          exclude: [...EXCLUDE, ...CHILD_PROCESS_TESTS],
          include: [
            'server/**/*.test.ts',
            'client/**/*.test.ts',
            'scripts/**/*.test.ts',
            // The dashboard's pure logic (parsing, validation, folding pushes); its pages are tested in e2e/.
            'app/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: { name: 'processes', include: CHILD_PROCESS_TESTS, testTimeout: 120_000 },
      },
    ],
  },
});
