// Integration: a fast-lane rewrite on chat completions carries the selected code as its Predicted
// Output when the lane's predictions are on (the simulator's default), and the turn's figures
// report what the provider said it took from it; with predictions off, nothing is predicted.
import { describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import type { FastStateEvent } from '../../lib/protocol';
import { connectClient, makeWorkspace, openDoc, waitFor } from '../testing/fixtures';
import { testServers } from '../testing/testServers';

const { start } = testServers();

const LINES = Array.from({ length: 40 }, (_, i) => `  const value${i} = compute(${i}, total);`);
const CODE = ['export function report(total: number) {', ...LINES, '  return total;', '}', ''].join('\n');
const RANGE = { startLine: 1, endLine: 43 };
const ORIGINAL = CODE.split('\n').slice(0, 43).join('\n');

async function rewrite(prediction?: 'on' | 'off') {
  const workspace = makeWorkspace({
    'src/report.ts': CODE,
    ...(prediction ? { 'tandem.config.json': JSON.stringify({ models: { fast: { prediction } } }) } : {}),
  });
  const s = await start({ workspace });
  const socket = await connectClient(s.url, { name: 'Ada' });
  await openDoc(socket, 'src/report.ts');
  const states: FastStateEvent[] = [];
  socket.on('fast/state', (e) => states.push(e));
  await request(socket, 'fast/start', { path: 'src/report.ts', range: RANGE, instruction: 'rename total to sum' });
  await waitFor(() => states.at(-1)?.state === 'done', 10_000, 'done');
  const chat = s.models.sim!.requests.filter((r) => r.api === 'chat');
  return { metrics: states.at(-1)!.metrics, body: chat.at(-1)!.body as { prediction?: unknown } };
}

describe('Predicted Outputs on the fast lane', () => {
  it('sends the selection as the prediction and reports the tokens taken from it', async () => {
    const { metrics, body } = await rewrite();
    expect(body.prediction).toEqual({ type: 'content', content: ORIGINAL });
    // Only the lines that mention `total` change: most of the answer comes from the prediction.
    expect(metrics.predictionAcceptedTokens).toBeGreaterThan(metrics.outputTokens! / 2);
    expect(metrics.predictionRejectedTokens).toBeGreaterThan(0);
  });

  it('sends no prediction when the lane turns them off', async () => {
    const { metrics, body } = await rewrite('off');
    expect(body.prediction).toBeUndefined();
    expect(metrics.predictionAcceptedTokens).toBeUndefined();
  });
});
