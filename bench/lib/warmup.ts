// Why: a server's first thousands of tokens run cold (modules loaded on first use, code not yet
// optimized) and cost several times the steady state. Both servers get the same warm-up streams
// before anything is measured, so the figures describe the servers as they run all day. At 2,000
// tok/s each token still travels alone (as at 1,000 tok/s), so the per-message path gets hot too;
// Tandem's CPU per token at 1,000 tok/s keeps falling for the first ~20,000 tokens.
import { TandemClient, peerTurn } from './clients';
import type { BenchContext } from './context';
import { TOKEN } from './servers';
import { FILES, INSTRUCTION, linesForTokens, peerPrompt } from './workload';

export async function warmUp(ctx: BenchContext): Promise<void> {
  const streams = ctx.smoke ? 1 : 6;
  const range = { startLine: 1, endLine: linesForTokens(3000) };
  const client = await TandemClient.connect(ctx.tandem.url, TOKEN, 'bench-warm-up');
  try {
    await client.open(FILES.large);
    ctx.sim.setRate(2000);
    for (let i = 0; i < streams; i++) {
      const t = await client.start(FILES.large, range, INSTRUCTION);
      await t.finished;
      await t.reject();
      if (ctx.peer)
        await peerTurn(ctx.peer.url, peerPrompt(ctx.files[FILES.large]!, FILES.large, range, INSTRUCTION)).finished;
    }
  } finally {
    client.close();
  }
}
