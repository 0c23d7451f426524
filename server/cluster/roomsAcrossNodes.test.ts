// Two Tandem nodes on a real redis-server, past the time a node publishes everything after it
// starts: a ghost edit on a file only node A has open publishes no delta through Redis; someone
// who opens the file on node B mid-stream gets the turn's snapshot (B's join reaches A before B's
// question) and follows it to the same end, through deltas that A now publishes.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, waitFor } from '../testing/fixtures';
import { clusterFixture, RENAME } from './clusterFixture';
import { ADAPTER_CHANNELS } from './keys';
import { ROSTER_EVERY_MS } from './roomRoster';

const fx = clusterFixture();

let monitor: Redis;
let deltasPublished = 0;

beforeAll(async () => {
  monitor = new Redis(fx.redis().url);
  monitor.on('error', () => undefined);
  await monitor.subscribe(`${ADAPTER_CHANNELS}#/#`);
  monitor.on('messageBuffer', (_channel: Buffer, payload: Buffer) => {
    if (payload.includes('cluster:room') && payload.includes('fast/delta')) deltasPublished++;
  });
});
afterAll(() => monitor.disconnect());

describe('fast-lane deltas across nodes, only where the file is open', () => {
  it('publishes no delta while only A has the file open; a person opening it on B follows the turn', async () => {
    const ws = makeWorkspace({ [RENAME.path]: RENAME.code });
    const slow = { 'sim-fast': { tokensPerSecond: 150, ttftMs: 5 } };
    const a = await fx.node('a', ws, {}, slow);
    const b = await fx.node('b', ws, {}, slow);
    // Both nodes trust what they were told once two periods have passed since they started.
    await new Promise((r) => setTimeout(r, 2 * ROSTER_EVERY_MS + 1000));

    const ada = await fx.asker(a.url, RENAME.path, 'Ada');
    deltasPublished = 0;
    const info = await ada.fast.start(RENAME.path, RENAME.range, RENAME.instruction);
    const turn = ada.fast.turn(info.requestId)!;
    await waitFor(() => turn.output.length > 80, 30_000, 'some output on A');
    expect(deltasPublished).toBe(0);

    const late = await fx.watcher(b.url, RENAME.path, 'Cy');
    await waitFor(() => late.started.length > 0, 20_000, 'the snapshot from node A');
    await waitFor(
      () => turn.state === 'done' && late.fast.turn(info.requestId)?.state === 'done',
      60_000,
      'both to see the turn done',
    );
    expect(late.fast.turn(info.requestId)!.output).toBe(turn.output);
    expect(turn.output).toBe(RENAME.renamed(info.original));
    expect(deltasPublished).toBeGreaterThan(0);
  }, 120_000);
});
