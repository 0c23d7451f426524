// Why: integration tests start real Tandem servers on free ports, and each must be closed after
// its test even when the test fails — one place does that for every test file.
import { afterEach } from 'vitest';
import { startTestServer } from './fixtures';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Call at the top of a test file: servers it starts (or is given to track) are closed after each test. */
export function testServers() {
  let servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  const track = (s: TestServer): TestServer => {
    servers.push(s);
    return s;
  };
  return {
    track,
    start: async (...args: Parameters<typeof startTestServer>) => track(await startTestServer(...args)),
  };
}
