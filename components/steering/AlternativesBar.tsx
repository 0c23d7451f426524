'use client';
// Alternatives ×N side by side: one chip per alternative of this person's ghost (its state and
// figures), the one on screen marked; a click or Alt+] / Alt+[ flips to another, and accepting
// picks the one shown (the others are discarded).
import { useShallow } from 'zustand/react/shallow';
import { useGhostStore } from '../../lib/client/stores/ghostStore';
import { useSession } from '../SessionContext';
import { flipAlternative } from './ghostActions';

export function AlternativesBar({ path }: { path: string }) {
  const session = useSession();
  const group = useGhostStore(
    useShallow((s) =>
      Object.values(s.ghosts)
        .filter((g) => g.self && g.path === path && g.alternative)
        .sort((a, b) => a.alternative!.index - b.alternative!.index),
    ),
  );
  if (group.length === 0) return null;
  const shownAt = Math.max(
    0,
    group.findIndex((g) => g.shown),
  );
  const flipTo = (target: number) => {
    const step = target > shownAt ? 1 : -1;
    for (let i = shownAt; i !== target; i += step) flipAlternative(session, path, step);
  };
  return (
    <div className="alternatives" data-testid="alternatives" data-count={group.length}>
      <button
        data-testid="alternative-prev"
        title="Previous alternative (Alt+[)"
        onClick={() => flipAlternative(session, path, -1)}
      >
        ‹
      </button>
      {group.map((g, i) => (
        <button
          key={g.requestId}
          className={`alternative${g.shown ? ' alternative-shown' : ''}`}
          data-testid="alternative-item"
          data-index={g.alternative!.index}
          data-state={g.state}
          data-shown={String(Boolean(g.shown))}
          data-request-id={g.requestId}
          title={g.redirects.length ? `redirected: ${g.redirects.join(' → ')}` : g.instruction}
          onClick={() => flipTo(i)}
        >
          {g.alternative!.index + 1}/{g.alternative!.of} · {g.state}
          {g.figures?.ttftMs !== undefined ? ` · TTFT ${Math.round(g.figures.ttftMs)} ms` : ''}
          {g.figures?.tokensPerSec !== undefined ? ` · ${Math.round(g.figures.tokensPerSec)} tok/s` : ''}
        </button>
      ))}
      <button
        data-testid="alternative-next"
        title="Next alternative (Alt+])"
        onClick={() => flipAlternative(session, path, 1)}
      >
        ›
      </button>
      <span className="muted small-inline">Tab picks the one shown · Esc stops all</span>
    </div>
  );
}
