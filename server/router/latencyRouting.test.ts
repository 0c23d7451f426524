// Routing that knows latency, end to end: a real server whose simulated fast model is slow; before
// any turn the router assumes a speed and says so; after one measured fast turn, a large selection
// submitted with Enter goes to the background with the measured numbers in its reason (and the same
// over POST /api/route). Thresholds sit far from the figures, so machine speed cannot flip them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { routeAnswerSchema } from '../../lib/protocol';
import { rejectedFastTurn } from '../testing/fastLaneFixture';
import { makeWorkspace, startTestServer, TEST_TOKEN, waitFor } from '../testing/fixtures';

// 70 lines of 60 characters: ~1,068 output tokens, ~21 s at 50 tok/s — over the 5 s threshold even
// if a fast machine measured the model at three times its speed.
const BIG = Array.from(
  { length: 70 },
  (_, i) => `export const total${String(i).padStart(2, '0')} = 0;`.padEnd(59, ' ') + ';',
)
  .join('\n')
  .concat('\n');
const TOKENS = Math.ceil((BIG.length - 1) / 4); // the 70 lines without the last newline
const big = { instruction: 'rename total to sum', path: 'src/big.ts', selection: { startLine: 1, endLine: 70 } };

let s: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  const workspace = makeWorkspace({ 'src/big.ts': BIG });
  fs.writeFileSync(path.join(workspace, 'tandem.json'), JSON.stringify({ routing: { fastMaxSeconds: 5 } }));
  s = await startTestServer(
    { workspace },
    { 'sim-fast': { tokensPerSecond: 50, ttftMs: 5, jitter: 0, predictionSpeedup: 1 } },
  );
});
afterAll(() => s.close());

async function dryRun() {
  const res = await fetch(`${s.url}/api/route`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(big),
  });
  return routeAnswerSchema.parse(await res.json());
}

describe('latency-aware routing', () => {
  it('assumes a speed before any fast turn, and says so', async () => {
    const d = await dryRun();
    expect(d.lane).toBe('strong');
    expect(d.reason).toMatch(/at an assumed 100 tok\/s for ~[\d,]+ tokens, no fast turn measured yet/);
    expect(d.estimate).toMatchObject({ tokens: TOKENS, measured: false });
  });

  it('sends a large selection to the background once the slow fast model was measured', async () => {
    const socket = await rejectedFastTurn(s.url, {
      path: 'src/app.ts',
      range: { startLine: 1, endLine: 3 },
      instruction: 'rename add to plus',
    });
    await waitFor(() => s.metrics.recent('fast', 'tokensPerSec', 20).length === 1, 5000, 'tokens/s reported');
    const measured = s.metrics.recent('fast', 'tokensPerSec', 20)[0];

    const reply = await request(socket, 'instruction/submit', {
      requestId: 'latency-0001',
      instruction: big.instruction,
      path: big.path,
      range: big.selection,
    });
    expect(reply.decision.lane).toBe('strong');
    const { estimate } = reply.decision;
    expect(estimate).toMatchObject({ tokens: TOKENS, measured: true, tokensPerSec: measured });
    expect(estimate!.seconds).toBeCloseTo(estimate!.ttftMs / 1000 + TOKENS / measured, 6);
    expect(reply.decision.reason).toBe(
      `~${Math.round(estimate!.seconds)} s at the fast model's current ${Math.round(measured)} tok/s ` +
        `for ~${TOKENS.toLocaleString('en-US')} tokens: more than the fast lane's 5 s — sent to the background`,
    );
    expect(reply.run).toBeDefined();
    expect(reply.turn).toBeUndefined();
    expect((await dryRun()).reason).toBe(reply.decision.reason);
    socket.disconnect();
  });
});
