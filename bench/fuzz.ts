// Why: issue 14 asks that no client payload can bring Tandem down or change anything. This sends
// 10,000 random and malformed client events (300 in the smoke run; fast-check, fixed seed, the
// same generator as server/gateway/fuzz.test.ts) at the bench's Tandem process over one
// connection, and counts what came back: refusals by code, calls wrongly accepted, calls left
// unanswered, dropped connections and crashes. A document held open must keep its text.
import { openDoc, connectClient } from '../server/testing/fixtures';
import { fuzzCalls, sendFuzzCall } from '../server/testing/fuzzPayloads';
import type { ClientSocket } from '../lib/client/socket';
import type { Ack } from '../lib/protocol';
import type { BenchContext } from './lib/context';
import { TOKEN } from './lib/servers';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function fuzz(ctx: BenchContext): Promise<void> {
  const count = ctx.smoke ? 300 : 10_000;
  const file = Object.keys(ctx.files)[0]!;
  const observer = await connectClient(ctx.tandem.url, { token: TOKEN, name: 'fuzz-observer' });
  const doc = await openDoc(observer, file);
  const before = doc.text.toString();
  const connect = async () => {
    const socket = await connectClient(ctx.tandem.url, { token: TOKEN, name: 'fuzzer' });
    await openDoc(socket, file);
    return socket;
  };
  let socket: ClientSocket = await connect();
  const codes = new Map<string, number>();
  let accepted = 0;
  let unanswered = 0;
  let dropped = 0;
  let crashed = false;
  const started = performance.now();
  for (const call of fuzzCalls(count)) {
    const gone = new Promise<'gone'>((resolve) => socket.once('disconnect', () => resolve('gone')));
    const reply: Ack | null | 'gone' = await Promise.race([sendFuzzCall(socket, call), gone]);
    if (reply === 'gone') {
      unanswered++;
      dropped++;
      if (!alive(ctx.tandem.pid)) {
        crashed = true;
        break;
      }
      socket = await connect();
    } else if (reply?.ok) accepted++;
    else if (reply) codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1);
    socket.removeAllListeners('disconnect');
  }
  const seconds = (performance.now() - started) / 1000;
  const health = crashed
    ? null
    : await fetch(`${ctx.tandem.url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const up = !crashed && alive(ctx.tandem.pid) && health?.status === 200;
  const unchanged = doc.text.toString() === before;
  socket.close();
  observer.close();

  const errors = [...codes.values()].reduce((a, b) => a + b, 0);
  const byCode = [...codes].map(([code, n]) => `${code} ${n}`).join(', ');
  ctx.log(
    `fuzz: ${count} payloads in ${seconds.toFixed(1)} s: ${errors} errors (${byCode}), ${accepted} accepted, ` +
      `${unanswered} unanswered, ${dropped} connections dropped, crashes ${up ? 0 : 1}, ` +
      `document ${unchanged ? 'unchanged' : 'CHANGED'}`,
  );
  const section = 'Fuzz: random and malformed client events (issue 14)';
  const met = up && accepted === 0 && unchanged;
  ctx.row({ section, name: 'payloads sent (fast-check, fixed seed)', unit: 'events', tandem: { p50: count } });
  ctx.row({
    section,
    name: 'answered with an error (the rest carried no acknowledgement)',
    unit: 'events',
    tandem: { p50: errors },
    note: byCode,
  });
  ctx.row({
    section,
    name: 'accepted, unanswered, or crashed the server',
    unit: 'events',
    tandem: { p50: accepted + unanswered + (up ? 0 : 1) },
    target: { text: '0, and the open document unchanged', met: met && unanswered === 0 },
  });
  if (!up) throw new Error('the Tandem process did not survive the fuzz payloads');
  if (accepted || !unchanged) throw new Error(`fuzz: ${accepted} accepted, document changed: ${!unchanged}`);
}
