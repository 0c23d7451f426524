// Why: a handed-off run should start from what the fast session measured, not from what the
// browser says it measured: these pure functions pick the session's turns on the handed-off range
// from the server's own transcript, reduce each to its figures (and an answer to its text), find
// the validation the person asked for, and write it all as a few readable lines for the run's
// first model message.
import {
  diffStatText,
  MAX_HANDOFF_ANSWER_CHARS,
  turnFiguresText,
  type FastTurnRecord,
  type HandoffEvidence,
  type HandoffTurn,
  type RunHandoff,
} from '../../lib/protocol';
import { VALIDATION_COMMAND_PATTERN } from '../models/formats/agentTools';

/** At most this many turns go along: the handed-off one and the ones just before it. */
export const MAX_HANDOFF_TURNS = 5;

export function turnFigures(t: FastTurnRecord): HandoffTurn {
  const m = t.metrics;
  return {
    requestId: t.requestId,
    instruction: t.instruction,
    redirects: t.redirects,
    redirectVia: m.redirectVia ?? null,
    outcome: t.outcome,
    ttftMs: m.ttftMs ?? null,
    outputTokens: m.outputTokens ?? null,
    tokensEstimated: m.tokensEstimated === true,
    tokensPerSec: m.tokensPerSec ?? null,
    interrupted: t.outcome === 'interrupted' || m.interruptToCloseMs !== undefined,
    interruptToCloseMs: m.interruptToCloseMs ?? null,
    ...(t.intent === 'answer' ? { answer: cut(t.output, MAX_HANDOFF_ANSWER_CHARS) } : {}),
  };
}

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The last command named as "validation command: …" in the instructions and redirects, in order. */
export function askedValidation(turns: Pick<HandoffTurn, 'instruction' | 'redirects'>[]): string | null {
  const named = turns
    .flatMap((t) => [t.instruction, ...t.redirects])
    .map((text) => text.match(VALIDATION_COMMAND_PATTERN)?.[1]?.trim())
    .filter((c): c is string => !!c);
  return named.at(-1) ?? null;
}

/**
 * The evidence of a handoff: `recent` is the file's transcript (any order); the session is the
 * source turn and the same person's earlier turns whose range overlaps it.
 */
export function buildHandoffEvidence(handoff: RunHandoff, recent: FastTurnRecord[], by: string): HandoffEvidence {
  const source = recent.find((t) => t.requestId === handoff.requestId);
  const { startLine, endLine } = handoff.range;
  const earlier = source
    ? recent
        .filter(
          (t) =>
            t !== source &&
            t.by === source.by &&
            t.createdAt <= source.createdAt &&
            t.range.startLine <= endLine &&
            t.range.endLine >= startLine,
        )
        .sort((a, b) => a.createdAt - b.createdAt)
    : [];
  const ordered = source ? [...earlier, source] : [];
  const turns = ordered.slice(-MAX_HANDOFF_TURNS).map(turnFigures);
  return {
    source: {
      requestId: handoff.requestId,
      path: handoff.path,
      range: handoff.range,
      by: source?.by ?? by,
      instruction: handoff.instruction,
    },
    turns,
    diff: handoff.diff ?? null,
    validation: askedValidation(turns.length ? turns : [{ instruction: handoff.instruction, redirects: [] }]),
  };
}

/** The evidence as the run's first model message shows it: compact, one line per fact. */
export function describeHandoff(e: HandoffEvidence): string {
  const { source } = e;
  const lines = [
    `Evidence from the fast session (${source.by}'s edit on ${source.path}:` +
      `${source.range.startLine}–${source.range.endLine}, figures as Tandem measured them):`,
    ...e.turns.map((t, i) => {
      const redirects = t.redirects.map((r) => ` → redirected: "${r}"`).join('');
      const via = t.redirectVia ? ` (redirect by ${t.redirectVia})` : '';
      const turn = `- turn ${i + 1}, ${t.outcome}: "${t.instruction}"${redirects}${via} — ${turnFiguresText(t)}`;
      return t.answer === undefined ? turn : `${turn}\n  The fast model answered:\n${indent(t.answer, '    ')}`;
    }),
  ];
  if (e.turns.length === 0) lines.push(`- "${source.instruction}" — no figures recorded`);
  lines.push(`Partial diff handed over: ${diffStatText(e.diff)}.`);
  lines.push(
    e.validation
      ? `Validation the person asked for: \`${e.validation}\` — run it.`
      : 'The person did not name a validation.',
  );
  return lines.join('\n');
}

const indent = (text: string, pad: string) =>
  text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
