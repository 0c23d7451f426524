// Why: issue 4 promises that diffing a streamed token costs the same at line 2,000 as at line 1
// (VS Code stopped diffing during edits because it did not). This times lib/diff's streaming diff
// per token over ranges of 50, 500 and 2,000 lines, and checks that the cost stays flat.
import { benchStreamingDiff } from '../lib/diff/streamingDiff.bench';
import type { BenchContext } from './lib/context';
import { summarize } from './lib/stats';

export async function diff(ctx: BenchContext): Promise<void> {
  const sizes = [50, 500, 2000];
  const repeats = ctx.smoke ? 1 : 5;
  const perToken = new Map<number, number[]>();
  for (let r = 0; r < repeats; r++) {
    for (const lines of sizes) {
      const list = perToken.get(lines) ?? [];
      list.push(benchStreamingDiff({ lines }).usPerToken);
      perToken.set(lines, list);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const smallest = summarize(perToken.get(sizes[0]!)!).p50;
  for (const lines of sizes) {
    const s = summarize(perToken.get(lines)!);
    const growth = s.p50 / smallest;
    ctx.row({
      section: 'Streaming diff (lib/diff, issue 4)',
      name: `cost per token, ${lines.toLocaleString('en-US')}-line range (best of each repeat)`,
      unit: 'µs',
      tandem: s,
      target: lines === sizes[0] ? undefined : { text: `flat: ≤ 2× the ${sizes[0]}-line cost`, met: growth <= 2 },
      note: lines === sizes[0] ? undefined : `${growth.toFixed(2)}× the ${sizes[0]}-line cost`,
    });
  }
}
