// Vitest runs unit and integration tests colocated with the code; Playwright owns e2e/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{lib,server,bench}/**/*.test.ts'],
    exclude: ['node_modules', 'server/workspace/sample/**', 'bench/peer/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
