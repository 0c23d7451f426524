// The Chromium that the end-to-end tests and the browser benchmarks drive: Debian's when present,
// or the one named by TANDEM_CHROMIUM / PLAYWRIGHT_CHROMIUM_EXECUTABLE (undefined: Playwright's own),
// launched with the same flags in both, so a test and a benchmark see the same browser.
import fs from 'node:fs';

export const CHROMIUM_PATH = [
  process.env.TANDEM_CHROMIUM,
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
].find((p) => p && fs.existsSync(p));

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
