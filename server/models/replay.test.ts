// Every provider fixture, replayed over real HTTP in awkward chunks, through the real adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvider, type ModelProvider } from './provider';
import { REPLAY_HEADER } from './sim/faults';
import { awkwardChunks, listFixtures, loadFixture } from './sim/replay';
import { startSimServer, type SimServer } from './sim/server';
import { collect, FIXTURE_EXPECTATIONS, simLane } from './testSupport';

let sim: SimServer;
let provider: ModelProvider;

beforeAll(async () => {
  sim = await startSimServer();
  provider = createProvider(simLane(sim.baseUrl));
});
afterAll(async () => {
  await provider.close();
  await sim.close();
});

describe('replayed provider streams', () => {
  it('splits fixtures inside multi-byte characters and CRLFs', () => {
    const bytes = loadFixture('cerebras-text')!;
    const chunks = awkwardChunks(bytes);
    expect(Buffer.concat(chunks)).toEqual(bytes);
    const ends = chunks.map((c) => c[c.length - 1]!);
    expect(ends.some((b) => b >= 0xc0)).toBe(true); // a chunk ends on a lead byte
    expect(ends.some((b) => b === 13)).toBe(true); // a chunk ends between CR and LF
  });

  for (const name of listFixtures()) {
    it(name, async () => {
      const got = await collect(
        provider.stream({ messages: [{ role: 'user', content: 'hi' }], headers: { [REPLAY_HEADER]: name } }),
      );
      const record = sim.requests.at(-1)!;
      expect(record.replay).toBe(name);
      expect(record.chunks.length).toBeGreaterThan(20);
      const { errorIncludes, ...want } = FIXTURE_EXPECTATIONS[name]!;
      expect(got).toMatchObject(want);
      if (errorIncludes) {
        expect(got.error?.message).toContain(errorIncludes);
        expect(got.error?.retryable).toBe(true);
      } else expect(got.error).toBeNull();
    });
  }

  it('serves one fixture for every request when started in replay mode', async () => {
    const replaying = await startSimServer({ replay: 'ollama-text' });
    const p = createProvider({ ...provider.lane, baseUrl: replaying.baseUrl });
    const got = await collect(p.stream({ messages: [{ role: 'user', content: 'anything' }] }));
    expect(got.text).toBe(FIXTURE_EXPECTATIONS['ollama-text']!.text);
    await p.close();
    await replaying.close();
  });

  it('answers an unknown fixture with a 404', async () => {
    const got = await collect(
      provider.stream({ messages: [{ role: 'user', content: 'x' }], headers: { [REPLAY_HEADER]: 'nope' } }),
    );
    expect(got.error).toMatchObject({ kind: 'bad_request', status: 404 });
  });
});
