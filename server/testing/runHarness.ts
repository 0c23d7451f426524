// Shared by the background-run integration tests: Tandem servers whose simulated strong model is
// fast, RunsClients over real sockets, and everything closed after each test.
import { afterEach } from 'vitest';
import { RunsClient, type RunsSink } from '../../lib/client/runsClient';
import type { ClientSocket } from '../../lib/client/socket';
import type { RunSettings } from '../agents/settings';
import type { TandemConfig } from '../config';
import { connectClient, startTestServer, waitFor } from './fixtures';

type Server = Awaited<ReturnType<typeof startTestServer>>;

export const FAST_STRONG_SIM = { 'sim-strong': { tokensPerSecond: 5000, ttftMs: 5 } };
export const quietRuns: RunsSink = {
  runs: () => undefined,
  evidence: () => undefined,
  diff: () => undefined,
  stale: () => undefined,
};

/** Call at the top of a test file: servers and sockets it hands out are closed after each test. */
export function runHarness() {
  let servers: Server[] = [];
  let sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    sockets = [];
  });
  return {
    async server(overrides: Partial<TandemConfig> = {}, runs?: Partial<RunSettings>): Promise<Server> {
      const s = await startTestServer(overrides, FAST_STRONG_SIM, { runs });
      servers.push(s);
      return s;
    },
    /** A server the test closed itself. */
    closed(s: Server): void {
      servers = servers.filter((x) => x !== s);
    },
    track(socket: ClientSocket): ClientSocket {
      sockets.push(socket);
      return socket;
    },
    async client(url: string, name = 'Ada'): Promise<RunsClient> {
      const c = new RunsClient(this.track(await connectClient(url, { name })), quietRuns);
      await c.refresh();
      return c;
    },
  };
}

export const runFinished = (c: RunsClient, id: string, ms = 15_000) =>
  waitFor(() => ['succeeded', 'failed', 'cancelled'].includes(c.run(id)?.status ?? ''), ms, `run ${id} to finish`);
