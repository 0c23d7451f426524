// End-to-end tests in Chromium against the production server (built by `npm run build`).
// Uses Debian's /usr/bin/chromium when present, or the browser named by TANDEM_CHROMIUM /
// PLAYWRIGHT_CHROMIUM_EXECUTABLE; otherwise Playwright's own Chromium.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './server/testing/chromium';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Generous bounds: they only cost time when something is wrong, and a loaded CI machine may take
  // many seconds to load the page or run a validation command. No test relies on being fast.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
});
