// What a fast-lane session carries to the background lane: the transcript (instruction and
// redirects), the base text the ghost was computed on, the ghost as a diff (partial or whole),
// written as the run's context so its first model message starts where the person left off, and
// the diff's size for the run's handoff evidence (the figures of each turn the server reads from
// its own transcript). Pure.
import { toUnifiedDiff } from '../../diff/unifiedDiff';
import type { FastTurnInfo, GhostState, HandoffDiffStat, RunHandoff } from '../../protocol';

export type HandoffSource = {
  info: FastTurnInfo;
  state: GhostState;
  redirects: string[];
  /** The text the ghost proposes for the range (partial: streamed part + the rest of the original). */
  result: string;
  message?: string;
};

/** Added and removed lines of a unified diff (its `---`/`+++` headers left out). */
export function diffStat(diff: string): HandoffDiffStat {
  const lines = diff.split('\n');
  const count = (sign: string) => lines.filter((l) => l.startsWith(sign) && !l.startsWith(sign.repeat(3))).length;
  return { added: count('+'), removed: count('-') };
}

/** What `run/start` carries for a handoff: the context for the first message and the link back. */
export function handoffRun(src: HandoffSource): { context: string; handoff: RunHandoff } {
  const { info } = src;
  const numbered = info.original
    .split('\n')
    .map((line, i) => `${String(info.range.startLine + i).padStart(5)}  ${line}`)
    .join('\n');
  const diff = toUnifiedDiff(info.path, `${info.original}\n`, `${src.result}\n`);
  const stateNote =
    src.state === 'done'
      ? 'the fast model finished this rewrite'
      : src.state === 'interrupted'
        ? 'the person interrupted the fast model: this diff is partial (the rest of the range is unchanged)'
        : src.state === 'error'
          ? `the fast model failed mid-way (${src.message ?? 'error'}): this diff is partial`
          : 'the fast model was still writing: this diff is partial';
  const context = [
    `Handed off from a fast-lane edit by ${info.by} on ${info.path}, ` +
      `lines ${info.range.startLine}–${info.range.endLine} ` +
      `(model ${info.model.model}${info.model.simulated ? ', simulated' : ''}).`,
    `Transcript:\n- instruction: ${info.instruction}${src.redirects.map((r) => `\n- redirect: ${r}`).join('')}`,
    `Base text of the range, as the fast edit saw it:\n${numbered}`,
    `The fast edit so far (${stateNote}), as a unified diff against that base:\n${diff || '(no change yet)'}`,
    'Continue from here: finish or correct this change where it needs to, including in other files, and validate it.',
  ].join('\n\n');
  const handoff = {
    requestId: info.requestId,
    path: info.path,
    instruction: info.instruction,
    range: info.range,
    diff: diffStat(diff),
  };
  return { context, handoff };
}
