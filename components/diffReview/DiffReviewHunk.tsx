'use client';
// One hunk of a run's diff: its removed and added lines, highlighted, with accept / reject, its
// recorded outcome (applied, rejected, conflict — by whom), and a conflict shown with both sides.
import type { ReactNode } from 'react';
import type { Hunk } from '../../lib/diff/hunks';
import type { HunkDecision } from '../../lib/protocol';
import type { HunkChoice, HunkConflict } from '../../lib/client/stores/diffReviewStore';
import { useReadOnly } from '../../lib/client/stores/roleStore';
import { useColorized } from './highlight';

export type HunkState = 'pending' | HunkChoice | 'applied' | 'conflict';

function Lines({ text, path, sign, start }: { text: string; path: string; sign: '-' | '+'; start: number }) {
  const html = useColorized(text, path);
  const plain = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  if (text === '') return null;
  return (
    <>
      {plain.map((line, i) => (
        <div key={i} className={`diff-line diff-${sign === '-' ? 'del' : 'add'}`}>
          <span className="diff-num">{start + i + 1}</span>
          <span className="diff-sign">{sign}</span>
          {html?.[i] !== undefined ? (
            <span className="diff-code" dangerouslySetInnerHTML={{ __html: html[i] }} />
          ) : (
            <span className="diff-code">{line}</span>
          )}
        </div>
      ))}
    </>
  );
}

export function DiffReviewHunk(props: {
  path: string;
  hunk: Hunk;
  state: HunkState;
  decision: HunkDecision | undefined;
  conflict: HunkConflict | undefined;
  onChoose: (choice: HunkChoice | null) => void;
  /** Review findings about this hunk (run findings), shown under its lines. */
  children?: ReactNode;
}) {
  const { path, hunk, state, decision, conflict, onChoose, children } = props;
  const settled = state === 'applied';
  // A viewer's choices could never be applied: the buttons say so instead of pretending.
  const readOnly = useReadOnly();
  return (
    <div
      className={`review-hunk review-hunk-${state}`}
      data-testid="review-hunk"
      data-hunk-id={hunk.id}
      data-state={state}
    >
      <div className="review-hunk-head">
        <span className="muted small-inline">
          line {hunk.oldStart + 1}
          {decision && decision.decision === state ? ` · ${decision.decision} by ${decision.by}` : ''}
        </span>
        <span className="spacer" />
        <button
          data-testid="hunk-accept"
          disabled={settled || readOnly !== null}
          title={readOnly ?? undefined}
          aria-pressed={state === 'accepted'}
          onClick={() => onChoose(state === 'accepted' ? null : 'accepted')}
        >
          Accept
        </button>
        <button
          data-testid="hunk-reject"
          disabled={settled || readOnly !== null}
          title={readOnly ?? undefined}
          aria-pressed={state === 'rejected'}
          onClick={() => onChoose(state === 'rejected' ? null : 'rejected')}
        >
          Reject
        </button>
      </div>
      <div className="diff-body">
        <Lines text={hunk.oldText} path={path} sign="-" start={hunk.oldStart} />
        <Lines text={hunk.newText} path={path} sign="+" start={hunk.newStart} />
      </div>
      {children}
      {state === 'conflict' && (
        <div className="review-conflict" data-testid="review-conflict" role="alert">
          <div>Not applied: these lines were changed in the live document since the run started.</div>
          {conflict && (
            <div className="conflict-sides">
              <div>
                <div className="muted small-inline">live now (kept)</div>
                <pre>{conflict.ours}</pre>
              </div>
              <div>
                <div className="muted small-inline">from the run</div>
                <pre>{conflict.theirs}</pre>
              </div>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
