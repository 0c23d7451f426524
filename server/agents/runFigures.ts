// Why: in cluster mode a run is measured where it runs (often a worker, which serves no
// /metrics) but counted on every web node. The process running it collects its figures and, when
// it ends, writes them to the run log once (runFeed.ts, kind `figures`, with its node id); every
// node hears them from its copy and reports them as if it had run the run itself, so each node's
// /metrics holds every run of the cluster once, labelled with the process that ran it.
import type { RunStatus } from '../../lib/protocol';
import type { TokenCount } from '../metrics/tokenCount';
import type { RunReport } from './runWorker';

export type RunFigures = {
  person: string;
  queueWaitMs: number | null;
  ttftMs: number[];
  toolCallMs: number[];
  tokens: TokenCount;
  outcome: RunStatus;
  durationMs: number | null;
};

/** The report a run gets in cluster mode: it keeps what it hears, for the run log. */
export class FigureCollector implements RunReport {
  private queueWaitMs: number | null = null;
  private readonly ttftMs: number[] = [];
  private readonly toolCallMs: number[] = [];
  private readonly tokens: TokenCount = { tokensIn: 0, tokensOut: 0, estimated: false };

  constructor(private readonly person: string) {}

  admit(): void {}

  figures(values: { ttftMs?: number; toolCallMs?: number; queueWaitMs?: number }): void {
    if (values.queueWaitMs !== undefined) this.queueWaitMs = values.queueWaitMs;
    if (values.ttftMs !== undefined) this.ttftMs.push(values.ttftMs);
    if (values.toolCallMs !== undefined) this.toolCallMs.push(values.toolCallMs);
  }

  usage(_person: string, tokens: TokenCount): void {
    this.tokens.tokensIn += tokens.tokensIn;
    this.tokens.tokensOut += tokens.tokensOut;
    this.tokens.estimated ||= tokens.estimated;
  }

  result(outcome: RunStatus, durationMs: number | null): RunFigures {
    return {
      person: this.person,
      queueWaitMs: this.queueWaitMs,
      ttftMs: [...this.ttftMs],
      toolCallMs: [...this.toolCallMs],
      tokens: { ...this.tokens },
      outcome,
      durationMs,
    };
  }
}

/** Reports a run's figures heard from the log, as the process that ran it would have. */
export function reportFigures(report: RunReport, processedBy: string, f: RunFigures): void {
  if (f.queueWaitMs !== null) report.figures({ queueWaitMs: f.queueWaitMs });
  for (const ttftMs of f.ttftMs) report.figures({ ttftMs });
  for (const toolCallMs of f.toolCallMs) report.figures({ toolCallMs });
  if (f.tokens.tokensIn + f.tokens.tokensOut > 0) report.usage(f.person, f.tokens);
  report.finished?.(f.outcome, f.durationMs, processedBy);
}
