// Why: one simulated model server, in the bench process, serves both Tandem and the peer with the
// same profile, so its records (request arrival, chunk send times, socket close) share the clock of
// the Node clients that measure delivery.
import { startSimServer, type SimRequestRecord, type SimServer } from '../../server/models/sim/server';
import { SIM_FAST_MODEL } from '../../server/models/sim/settings';

export const MODEL = SIM_FAST_MODEL;

export type BenchSim = {
  server: SimServer;
  /** Sets the fast model's pace for the requests that follow (the sim reads its profile per request). */
  setRate(tokensPerSecond: number): void;
  /** The next chat completion request to arrive. */
  nextChat(timeoutMs?: number): Promise<SimRequestRecord>;
  /** Resolves when the request's response has closed. */
  closed(record: SimRequestRecord, timeoutMs?: number): Promise<SimRequestRecord>;
  /** Drops the records kept so far (a long run would otherwise hold every chunk of every stream). */
  forget(): void;
  close(): Promise<void>;
};

/** The simulator's own time to first token for a request: arrival → the first chunk with a token. */
export function simTtft(record: SimRequestRecord): number {
  const first = record.chunks.find((c) => c.tokens > 0);
  if (!first) throw new Error(`the simulator sent no token for request ${record.id}`);
  return first.at - record.arrivedAt;
}

function within<T>(what: string, ms: number, wait: (done: (v: T) => void) => () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const stop = wait((v) => {
      clearTimeout(timer);
      stop();
      resolve(v);
    });
  });
}

export async function startBenchSim(): Promise<BenchSim> {
  const server = await startSimServer({ host: '127.0.0.1', port: 0, maxRecorded: 1000 });
  const fast = server.profiles[MODEL]!;
  return {
    server,
    setRate(tokensPerSecond) {
      fast.tokensPerSecond = tokensPerSecond;
    },
    nextChat(timeoutMs = 10_000) {
      return within('a chat request at the simulator', timeoutMs, (done) => {
        const on = (r: SimRequestRecord) => {
          if (r.path.startsWith('/v1/chat/completions')) done(r);
        };
        server.events.on('request', on);
        return () => server.events.off('request', on);
      });
    },
    closed(record, timeoutMs = 10_000) {
      if (record.closedAt !== null) return Promise.resolve(record);
      return within(`request ${record.id} to close`, timeoutMs, (done) => {
        const on = (r: SimRequestRecord) => {
          if (r === record) done(r);
        };
        server.events.on('closed', on);
        return () => server.events.off('closed', on);
      });
    },
    forget() {
      server.requests.length = 0;
    },
    close: () => server.close(),
  };
}
