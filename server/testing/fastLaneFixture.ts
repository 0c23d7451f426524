// What the fast lane's integration tests share: the small function they rewrite, and the servers a
// test started, closed after each test.
import { afterEach } from 'vitest';
import type { startTestServer } from './fixtures';

/** A function whose name and accumulator are both `total`: every rename instruction changes it. */
export const TOTAL_CODE = [
  'export function total(items: number[]) {',
  '  let total = 0;',
  '  for (const item of items) {',
  '    total += item;',
  '  }',
  '  return total;',
  '}',
  '',
].join('\n');

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** Call at the top of a test file: every server handed to `track` is closed after its test. */
export function trackServers(): (s: Server) => Server {
  let servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return (s) => {
    servers.push(s);
    return s;
  };
}
