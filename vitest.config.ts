import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'server/**/*.test.ts',
      'client/**/*.test.ts',
      'cli/**/*.test.ts',
      'scripts/**/*.test.ts',
      // The dashboard's pure logic (parsing, validation, folding pushes); its pages are tested in e2e/.
      'app/**/*.test.ts',
    ],
    exclude: ['node_modules', 'e2e', 'bench', '.next'],
    pool: 'forks',
    testTimeout: 20_000,
  },
});
