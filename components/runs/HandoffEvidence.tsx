'use client';
// Why: a handed-off run's first evidence item shows what the run received from the fast session
// — the source turn, each turn's transcript and figures (an answer with its text), the partial diff's size and the
// validation asked for — and the run's link back to that fast edit.
import type { HandoffEvidence, RunHandoff, RunSummary } from '../../lib/protocol';
import { diffStatText, turnFiguresText } from '../../lib/protocol';
import { handoffSourceLabel, openHandoffSource } from '../../lib/client/runs/openHandoffSource';
import { useEvidenceStore } from '../../lib/client/stores/evidenceStore';
import { notify } from '../../lib/client/stores/noticeStore';
import { useSession } from '../SessionContext';

export function HandoffEvidenceView({ evidence }: { evidence: HandoffEvidence }) {
  const { source } = evidence;
  return (
    <div className="evidence-handoff" data-testid="evidence-handoff">
      <div className="muted small-inline">
        received from {source.by}&apos;s fast edit on {source.path}:{source.range.startLine}–{source.range.endLine}
      </div>
      <ol className="handoff-turns">
        {evidence.turns.map((t) => (
          <li key={t.requestId} data-testid="handoff-turn" data-outcome={t.outcome}>
            <div>“{t.instruction}”</div>
            {t.redirects.map((r, i) => (
              <div key={i} className="muted">
                → {r}
                {i === t.redirects.length - 1 && t.redirectVia ? ` (${t.redirectVia})` : ''}
              </div>
            ))}
            <div className="muted small-inline" data-testid="handoff-figures">
              {t.answer !== undefined ? 'answer · ' : ''}
              {t.outcome} · {turnFiguresText(t)}
            </div>
            {t.answer !== undefined && (
              <pre className="handoff-answer" data-testid="handoff-answer">
                {t.answer}
              </pre>
            )}
          </li>
        ))}
      </ol>
      <div className="muted small-inline" data-testid="handoff-diff">
        partial diff: {diffStatText(evidence.diff)}
      </div>
      <div className="muted small-inline" data-testid="handoff-validation">
        {evidence.validation ? `validation asked for: ${evidence.validation}` : 'no validation named'}
      </div>
    </div>
  );
}

/** The run's link back to the fast edit it continues: opens the file at the range and its transcript entry. */
export function HandoffSource({ run, handoff }: { run: RunSummary; handoff: RunHandoff }) {
  const session = useSession();
  // Who made the fast edit, from the run's handoff evidence (the run's own author until it arrives).
  const by = useEvidenceStore((s) => {
    const e = s.byRun[run.id]?.find((x) => x.kind === 'handoff');
    return e?.kind === 'handoff' ? e.handoff.source.by : run.by;
  });
  return (
    <button
      className="link"
      data-testid="handoff-source"
      title="Open the fast-lane edit this run continues"
      onClick={() => void openHandoffSource(session, handoff).catch((err: Error) => notify('error', err.message))}
    >
      {handoffSourceLabel(by, handoff)}
    </button>
  );
}
