// Why: the fast-path comparisons (bench/fastPaths.ts) set one Tandem against another that differs
// only in a lane setting, in the same run, on the same simulator. This starts one headless Tandem
// child per setting with a Node client on it, keeps a time-stamped log of what each client was
// sent (deltas and state events, by request id: a redirect and a turn's figures need them), and
// finds the simulator's record of the next model request a test causes.
import type { FastDelta, FastStateEvent } from '../../lib/protocol';
import type { SimRequestRecord, SimServer } from '../../server/models/sim/server';
import { TandemClient } from './clients';
import type { BenchContext } from './context';
import { startTandem, TOKEN, type Server } from './servers';
import { MODEL } from './sim';
import { FILES } from './workload';

/** A lane's settings as environment variables of the Tandem child (docs/models.md). */
export type LaneEnv = Record<string, string>;
export const CHAT_HTTP: LaneEnv = {
  TANDEM_FAST_API: 'chat',
  TANDEM_FAST_TRANSPORT: 'http',
  TANDEM_FAST_PREDICTION: 'off',
};
export const RESPONSES_WS: LaneEnv = { TANDEM_FAST_API: 'responses', TANDEM_FAST_TRANSPORT: 'websocket' };
export const RESPONSES_HTTP: LaneEnv = { TANDEM_FAST_API: 'responses', TANDEM_FAST_TRANSPORT: 'http' };

/** Everything one client was sent, stamped with performance.now() on arrival. */
export type Received = { deltas: (FastDelta & { at: number })[]; states: (FastStateEvent & { at: number })[] };

export type Arm = { server: Server; client: TandemClient; received: Received };

/** Starts one Tandem per entry of `envs` (in turn), runs `fn` with them, and stops them all. */
export async function withArms<K extends string, T>(
  ctx: BenchContext,
  envs: Record<K, LaneEnv>,
  fn: (arms: Record<K, Arm>) => Promise<T>,
): Promise<T> {
  const arms = {} as Record<K, Arm>;
  try {
    for (const [name, env] of Object.entries(envs) as [K, LaneEnv][]) {
      const server = await startTandem({
        snapshot: ctx.snapshot,
        simBaseUrl: ctx.sim.server.baseUrl,
        files: ctx.files,
        ui: false,
        env,
      });
      const client = await TandemClient.connect(server.url, TOKEN, `bench-fast-paths-${name}`);
      const received: Received = { deltas: [], states: [] };
      client.socket.on('fast/delta', (d: FastDelta) => received.deltas.push({ ...d, at: performance.now() }));
      client.socket.on('fast/state', (e: FastStateEvent) => received.states.push({ ...e, at: performance.now() }));
      arms[name] = { server, client, received };
      for (const file of Object.values(FILES)) await client.open(file);
    }
    return await fn(arms);
  } finally {
    for (const arm of Object.values(arms) as Arm[]) {
      arm.client.close();
      await arm.server.stop();
    }
  }
}

/** The next fast-model request (HTTP request or WebSocket response) to reach the simulator. */
export function nextFastRequest(sim: SimServer, timeoutMs = 10_000): Promise<SimRequestRecord> {
  return new Promise((resolve, reject) => {
    const on = (r: SimRequestRecord) => {
      if (r.model !== MODEL) return;
      clearTimeout(timer);
      sim.events.off('request', on);
      resolve(r);
    };
    const timer = setTimeout(() => {
      sim.events.off('request', on);
      reject(new Error(`no fast-model request reached the simulator within ${timeoutMs} ms`));
    }, timeoutMs);
    sim.events.on('request', on);
  });
}

/** The turn's last state event of kind `state` that the client received, or throws. */
export function stateOf(received: Received, requestId: string, state: FastStateEvent['state']) {
  const event = received.states.findLast((e) => e.requestId === requestId && e.state === state);
  if (!event) throw new Error(`the client was not told turn ${requestId} reached "${state}"`);
  return event;
}

/** The request id of the turn whose first delta the client received after `since`. */
export function turnIdSince(received: Received, since: number): string {
  const d = received.deltas.find((x) => x.at >= since);
  if (!d) throw new Error('the client received no delta of the turn');
  return d.requestId;
}

/** Alternates the order of `arms` from run to run, so neither always goes first. */
export function inTurn<K>(arms: readonly K[], run: number): K[] {
  return run % 2 ? [...arms].reverse() : [...arms];
}
