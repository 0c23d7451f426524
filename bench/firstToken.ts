// Why: the first token is where a harness shows its weight. From Node clients, per turn: submit →
// first piece of answer received, less the simulator's own request → first token time (its
// records), is what each app adds. The same turns are then stopped, to time stop → the upstream
// connection closing at the simulator (issue 4). A client reading the simulator directly gives
// the floor both figures cannot go below on this machine.
import { directTurn, peerTurn, TandemClient, type ClientTurn, type TandemTurn } from './lib/clients';
import { alternate, pause, type BenchContext } from './lib/context';
import { TOKEN } from './lib/servers';
import { simTtft } from './lib/sim';
import { summarize } from './lib/stats';
import { FILES, peerPrompt, TURN_INSTRUCTION, TURN_LINES } from './lib/workload';

type Who = 'tandem' | 'peer' | 'direct' | 'twoHops';

export async function firstToken(ctx: BenchContext): Promise<void> {
  const runs = ctx.smoke ? 4 : 12;
  const warmup = 2;
  const range = { startLine: 1, endLine: TURN_LINES };
  const prompt = peerPrompt(ctx.files[FILES.turn]!, FILES.turn, range, TURN_INSTRUCTION);
  const client = await TandemClient.connect(ctx.tandem.url, TOKEN, 'bench-first-token');
  const samples: Record<Who, { added: number[]; close: number[] }> = {
    tandem: { added: [], close: [] },
    peer: { added: [], close: [] },
    direct: { added: [], close: [] },
    twoHops: { added: [], close: [] },
  };
  const open = async (who: Who): Promise<ClientTurn & Partial<TandemTurn>> => {
    if (who === 'tandem' || who === 'twoHops')
      return client.start(FILES.turn, range, TURN_INSTRUCTION, who === 'tandem' ? 1 : 2);
    return who === 'peer' ? peerTurn(ctx.peer!.url, prompt) : directTurn(ctx.sim.server.baseUrl, prompt);
  };
  const measure = async (who: Who, run: number) => {
    const arrived = ctx.sim.nextChat();
    const turn = await open(who);
    const record = await arrived;
    const first = await turn.firstToken;
    await pause(30);
    const stopAt = await turn.stop();
    const closed = await ctx.sim.closed(record);
    await pause(60);
    await turn.reject?.();
    if (!closed.aborted) throw new Error(`${who}: the model request finished instead of being stopped`);
    if (run < warmup) return;
    samples[who].added.push(first - turn.submitAt - simTtft(record));
    samples[who].close.push(closed.closedAt! - stopAt);
  };
  try {
    await client.open(FILES.turn);
    ctx.sim.setRate(1000);
    // Tandem's two ways of asking take turns going first, so neither always follows the peer's turn.
    await alternate(ctx, runs + warmup, async (who, run) => {
      if (who !== 'tandem') return measure(who, run);
      const order: Who[] = run % 2 ? ['twoHops', 'tandem'] : ['tandem', 'twoHops'];
      for (const w of order) await measure(w, run);
    });
    for (let run = 0; run < runs + warmup; run++) await measure('direct', run);
  } finally {
    client.close();
  }

  const peer = (k: 'added' | 'close') => (ctx.peer ? summarize(samples.peer[k]) : null);
  const floor = (k: 'added' | 'close') =>
    `floor (a client reading the simulator directly): p50 ${summarize(samples.direct[k]).p50.toFixed(2)} ms`;
  const added = summarize(samples.tandem.added);
  const addedPeer = peer('added');
  ctx.row({
    section: 'First token',
    name:
      'harness-added time to first token, Node client ' +
      '(submit → first token received, less the simulator’s own TTFT)',
    unit: 'ms',
    tandem: added,
    peer: addedPeer,
    target: { text: '≤ 0.2× peer', met: addedPeer ? added.p50 <= 0.2 * addedPeer.p50 : null },
    note: floor('added'),
  });
  const twoHops = summarize(samples.twoHops.added);
  ctx.row({
    section: 'First token',
    name:
      'harness-added time to first token, Node client, Enter as one instruction/submit ' +
      '(routed and started on the server) — beside it, in the same run: ' +
      'route/preview then fast/start, the two hops Enter took before',
    unit: 'ms',
    tandem: added,
    peer: null,
    target: { text: 'one hop below two', met: added.p50 < twoHops.p50 },
    note:
      `two hops: p50 ${twoHops.p50.toFixed(2)} ms, p99 ${twoHops.p99.toFixed(2)} ms — ` +
      `one hop saves ${(twoHops.p50 - added.p50).toFixed(2)} ms at p50`,
  });
  const close = summarize(samples.tandem.close);
  ctx.row({
    section: 'Interrupt',
    name: 'stop → upstream connection closed at the simulator, Node client',
    unit: 'ms',
    tandem: close,
    peer: peer('close'),
    target: { text: '≤ 5 ms', met: close.p99 <= 5 },
    note: floor('close'),
  });
}
