'use client';
// The fast lane's transcript of the active file: each turn with its instruction, redirects,
// outcome, model and timings, newest first (kept in SQLite on the server). A history that cannot
// be loaded says so in the panel, rather than looking like a file with no edits. Answers on the
// file stream at the top (anyone's, with who asked); recorded answers show their markdown.
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FastTurnRecord } from '../../lib/protocol';
import { request } from '../../lib/client/socket';
import { answerPainter, useAnswerStore } from '../../lib/client/stores/answerStore';
import { useGhostStore } from '../../lib/client/stores/ghostStore';
import { useRevealStore } from '../../lib/client/stores/revealStore';
import { useWorkspaceStore } from '../../lib/client/stores/workspaceStore';
import { useSession } from '../SessionContext';
import { LiveAnswers, RecordedAnswer } from './AnswerView';

export function TranscriptPanel() {
  const session = useSession();
  const active = useWorkspaceStore((s) => s.active);
  // Refetched when a turn on this file changes state (ghosts on other files leave its history alone).
  const ghostStates = useGhostStore((s) =>
    Object.values(s.ghosts)
      .filter((g) => g.path === active)
      .map((g) => `${g.requestId}:${g.state}`)
      .join(),
  );
  // Each kept with the file it belongs to, so another file's history or error is never shown here.
  // The turn a run's link back points at: marked and scrolled into view.
  const revealed = useRevealStore((s) => s.target?.requestId);
  const [loaded, setLoaded] = useState<{ path: string; turns: FastTurnRecord[] } | null>(null);
  const [failed, setFailed] = useState<{ path: string; message: string } | null>(null);
  // An answer shown live (above the list, re-rendered per frame on its own) is not repeated in the list.
  const live = useAnswerStore(
    useShallow((s) =>
      Object.values(s.answers)
        .filter((a) => a.path === active)
        .map((a) => a.requestId),
    ),
  );
  const turns = (loaded?.path === active ? loaded.turns : []).filter((t) => !live.includes(t.requestId));
  const error = failed?.path === active ? failed.message : null;

  useEffect(() => {
    session.fast.setAnswerPainter(answerPainter);
    return () => session.fast.setAnswerPainter(null);
  }, [session]);

  useEffect(() => {
    if (!active) return;
    let live = true;
    request(session.socket, 'fast/history', { path: active })
      .then(({ turns }) => {
        if (!live) return;
        setLoaded({ path: active, turns });
        setFailed(null);
      })
      .catch((err: Error) => {
        if (live) setFailed({ path: active, message: `Could not load the history of ${active}: ${err.message}` });
      });
    return () => {
      live = false;
    };
  }, [active, ghostStates, session]);

  return (
    <aside className="side-panel" data-testid="transcript">
      <div className="panel-title">Fast lane — {active ?? 'no file'}</div>
      {error && (
        <div className="notice notice-error" data-testid="transcript-error">
          {error}
        </div>
      )}
      {active && <LiveAnswers path={active} />}
      {!error && turns.length === 0 && live.length === 0 && (
        <div className="muted small">No edits or answers yet. Select code and press Ctrl/Cmd+K.</div>
      )}
      <ul className="turns">
        {turns.map((t) => (
          <li
            key={t.requestId}
            className={`turn${t.requestId === revealed ? ' revealed' : ''}`}
            data-testid="transcript-turn"
            data-outcome={t.outcome}
            data-intent={t.intent ?? 'edit'}
            data-request-id={t.requestId}
            data-revealed={String(t.requestId === revealed)}
            ref={(el) => {
              if (el && t.requestId === revealed) el.scrollIntoView({ block: 'nearest' });
            }}
          >
            <div>
              <strong>{t.by}</strong>: {t.instruction}
            </div>
            {t.redirects.map((r, i) => (
              <div key={i} className="muted">
                → {r}
              </div>
            ))}
            <div className="muted small-inline" title={t.reason}>
              fast lane · {t.intent === 'answer' ? 'answer · ' : ''}
              {t.outcome} · lines {t.range.startLine}–{t.range.endLine} · {t.model}
              {t.metrics.ttftMs !== undefined ? ` · TTFT ${Math.round(t.metrics.ttftMs)} ms` : ''}
              {t.metrics.tokensPerSec !== undefined ? ` · ${Math.round(t.metrics.tokensPerSec)} tok/s` : ''}
            </div>
            {t.intent === 'answer' && t.output.trim() && (
              <RecordedAnswer answer={{ path: t.path, range: t.range, question: t.instruction, text: t.output }} />
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
