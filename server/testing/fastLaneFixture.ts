// What the fast lane's integration tests share: the small function they rewrite and one whole
// fast turn run to its end and rejected.
import { request, type ClientSocket } from '../../lib/client/socket';
import type { ClientMetrics, FastStateEvent } from '../../lib/protocol';
import type { LineRange } from '../../lib/protocol/shapes';
import { connectClient, openDoc, waitFor } from './fixtures';

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

/** Opens `path` as a new person, runs one fast edit to `done`, rejects it; the socket stays open. */
export async function rejectedFastTurn(
  url: string,
  edit: { path: string; range: LineRange; instruction: string },
  clientMetrics?: ClientMetrics,
): Promise<ClientSocket> {
  const socket = await connectClient(url, { name: 'Meter' });
  await openDoc(socket, edit.path);
  const states: FastStateEvent[] = [];
  socket.on('fast/state', (e) => states.push(e));
  const { turn } = await request(socket, 'fast/start', edit);
  await waitFor(() => states.at(-1)?.state === 'done', 15_000, 'the fast turn to finish');
  await request(socket, 'fast/resolve', {
    requestId: turn.requestId,
    outcome: 'rejected',
    ...(clientMetrics ? { clientMetrics } : {}),
  });
  return socket;
}
