import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'client/**/*.test.ts', 'cli/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules', 'e2e', 'bench', '.next'],
    pool: 'forks',
    testTimeout: 20_000,
  },
});
