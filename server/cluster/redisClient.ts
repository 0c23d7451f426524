// Connections to the cluster's Redis. At start a node waits a few seconds for Redis to answer and
// otherwise stops with an error naming REDIS_URL; once running, ioredis reconnects by itself and
// queues commands meanwhile (an edit's acknowledgement waits for Redis rather than being lost).
import { Redis } from 'ioredis';
import { ConfigError } from '../config';

/** How long a node waits at start for Redis to answer before giving up. */
export const START_WAIT_MS = 5000;

/** The URL without its password, for messages. */
export const shownUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//…@');

export function redisClient(url: string, name: string): Redis {
  const client = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    // Retries forever, at most every 2 s: Redis restarting is a fault the cluster rides out.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    maxRetriesPerRequest: null,
  });
  // Errors surface on the commands that fail; a connection error event alone is not fatal.
  client.on('error', () => undefined);
  return client;
}

/** Connects and PINGs, retrying until `waitMs` has passed; then a clear start-up error. */
export async function connectRedis(url: string, name: string, waitMs = START_WAIT_MS): Promise<Redis> {
  const client = redisClient(url, name);
  const start = Date.now();
  let last: Error | null = null;
  while (Date.now() - start < waitMs) {
    try {
      if (client.status === 'wait' || client.status === 'end') await client.connect();
      if ((await withTimeout(client.ping(), 1000)) === 'PONG') return client;
    } catch (err) {
      last = err as Error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  client.disconnect();
  throw new ConfigError(
    `Redis at ${shownUrl(url)} (REDIS_URL) did not answer within ${Math.round(waitMs / 1000)} s` +
      `${last ? `: ${last.message}` : ''}. Start redis-server, or unset REDIS_URL to run one process without Redis`,
  );
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
