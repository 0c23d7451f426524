'use client';
// The controls over the editor: the instruction box (Ctrl/Cmd+K; Enter sends it to the lane the
// router picks, or redirects a ghost that is streaming or stopped), the ghost's status,
// interrupt / accept / reject, and the lane badge with the reason for the lane.
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useGhostStore } from '../../lib/client/stores/ghostStore';
import { useModelStore } from '../../lib/client/stores/modelStore';
import { notify } from '../../lib/client/stores/noticeStore';
import { previewRoute } from '../../lib/client/routeClient';
import { handOffGhost } from '../../lib/client/runs/handoffGhost';
import { request } from '../../lib/client/socket';
import { useLaneStore } from '../../lib/client/stores/laneStore';
import { useReadOnly } from '../../lib/client/stores/roleStore';
import { closeInstructionBox, useSteeringStore } from '../../lib/client/stores/steeringStore';
import { useWorkspaceStore } from '../../lib/client/stores/workspaceStore';
import { useSession } from '../SessionContext';
import { dispatchInstruction } from './dispatch';
import { AlternativesBar } from './AlternativesBar';
import { acceptGhost, escapeGhost, flipAlternative, interruptGhost, rejectGhost } from './ghostActions';
import { LaneBadge } from './LaneBadge';

const DELEGATE_TITLE =
  'Send the instruction to the background lane: a strong model works on a copy of the workspace, ' +
  'runs the tests, and brings back a diff to review';

export function InstructionBox() {
  const session = useSession();
  const active = useWorkspaceStore((s) => s.active);
  const { open, path, range, focusTick } = useSteeringStore();
  // Of several alternatives, the one on screen.
  const mine = useGhostStore((s) =>
    Object.values(s.ghosts).find((g) => g.self && g.path === active && g.shown !== false),
  );
  const others = useGhostStore(useShallow((s) => Object.values(s.ghosts).filter((g) => !g.self && g.path === active)));
  const fastModel = useModelStore((s) => s.fast);
  const [text, setText] = useState('');
  const [alternatives, setAlternatives] = useState(3);
  const input = useRef<HTMLInputElement>(null);
  // A viewer may watch ghosts but not start, steer, accept or reject one (each control says why).
  const readOnly = useReadOnly();

  useEffect(() => {
    if (!open || readOnly) return;
    input.current?.focus();
    request(session.socket, 'fast/prewarm', {}).catch(() => undefined);
  }, [open, focusTick, session, readOnly]);

  const state = mine?.state ?? 'idle';
  const streaming = state === 'streaming';
  const redirecting = streaming || state === 'interrupted';
  const selection = range && path === active ? range : null;

  useEffect(() => {
    const instruction = text.trim();
    if (!instruction || redirecting) return void useLaneStore.setState({ preview: null });
    let live = true;
    const timer = setTimeout(() => {
      previewRoute(session.socket, { instruction, path: active, selection })
        .then((d) => live && useLaneStore.setState({ preview: d }))
        .catch(() => undefined);
    }, 40);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, active, selection, redirecting, session]);

  /** Enter (a redirect while a ghost streams or is stopped), or Alt+Enter / the button for alternatives. */
  const submit = async (asAlternatives?: number) => {
    const instruction = text.trim();
    if (!instruction || !active) return;
    setText('');
    const turn = session.fast.mine(active);
    try {
      if (turn && redirecting) await session.fast.redirect(turn, instruction);
      else await dispatchInstruction(session, instruction, active, selection, asAlternatives);
    } catch (err) {
      notify('error', (err as Error).message);
    }
  };

  const delegate = async () => {
    if (!active) return;
    const instruction = text.trim();
    const turn = session.fast.mine(active);
    if (!instruction && !turn)
      return notify('info', 'type what the background run should do, or start a fast edit to hand off');
    setText('');
    const reason = turn
      ? 'you sent this fast-lane session to the background lane'
      : 'you delegated it to the background lane';
    useLaneStore.setState({
      last: { lane: 'strong', reason, confidence: 1, override: true },
      preview: null,
      chosen: null,
    });
    try {
      if (turn) await handOffGhost(session, turn, instruction);
      else await session.delegate({ instruction, path: active, range: selection, reason });
    } catch (err) {
      notify('error', (err as Error).message);
    }
  };

  const visible = open || !!mine;
  return (
    <div className="steering">
      <div className="steering-bar">
        <span
          className="ghost-status"
          data-testid="ghost-status"
          data-state={state}
          data-request-id={mine?.requestId ?? ''}
          title={mine?.message ?? ''}
        >
          {state === 'idle'
            ? 'Ctrl/Cmd+K to edit with the fast model'
            : `${mine?.intent === 'answer' ? 'Answer' : 'Ghost edit'}: ${state}` +
              (mine?.message ? ` — ${mine.message}` : '')}
        </span>
        <LaneBadge />
        {fastModel && (
          <span className="model-label" data-testid="fast-model" data-simulated={String(fastModel.simulated)}>
            {fastModel.model}
            {fastModel.simulated ? ' (simulated)' : ''}
          </span>
        )}
        {others.map((g) => (
          <span key={g.requestId} className="ghost-other" data-testid="ghost-other" data-by={g.by} data-state={g.state}>
            {g.by}: {g.state}
          </span>
        ))}
        <span className="spacer" />
        <select
          data-testid="alternatives-count"
          value={alternatives}
          title="How many alternatives"
          onChange={(e) => setAlternatives(Number(e.target.value))}
        >
          {[2, 3, 4].map((n) => (
            <option key={n} value={n}>
              ×{n}
            </option>
          ))}
        </select>
        <button
          data-testid="alternatives-button"
          disabled={!!readOnly || !active || !text.trim() || redirecting}
          onClick={() => void submit(alternatives)}
          title={readOnly ?? 'Stream several rewrites of the selection side by side and pick one (Alt+Enter)'}
        >
          Alternatives ×{alternatives}
        </button>
        <button
          data-testid="delegate"
          disabled={!!readOnly || !active || (!text.trim() && !mine)}
          onClick={() => void delegate()}
          title={readOnly ?? DELEGATE_TITLE}
        >
          Delegate
        </button>
        <button
          data-testid="interrupt-edit"
          disabled={!!readOnly || !streaming}
          onClick={() => active && interruptGhost(session, active)}
          title={readOnly ?? 'Stop the stream (Esc)'}
        >
          Stop
        </button>
        <button
          data-testid="accept-edit"
          // An answer has nothing to apply: its own "Apply this" makes an edit of it.
          disabled={!!readOnly || !mine || mine.intent === 'answer'}
          onClick={() => active && acceptGhost(session, active)}
          title={readOnly ?? 'Apply the ghost edit (Tab)'}
        >
          Accept
        </button>
        <button
          data-testid="reject-edit"
          disabled={!!readOnly || !mine}
          onClick={() => active && rejectGhost(session, active)}
          title={
            readOnly ??
            (mine?.intent === 'answer'
              ? 'Put the answer away; it stays in the transcript (Esc when stopped)'
              : 'Discard the ghost edit (Esc when stopped)')
          }
        >
          {mine?.intent === 'answer' ? 'Dismiss' : 'Reject'}
        </button>
      </div>
      {active && <AlternativesBar path={active} />}
      {visible && (
        <div className="instruction-row">
          <span className="muted">{selection ? `lines ${selection.startLine}–${selection.endLine}` : ''}</span>
          <input
            ref={input}
            data-testid="instruction-input"
            disabled={!!readOnly}
            title={readOnly ?? undefined}
            placeholder={
              readOnly
                ? 'Viewers cannot ask for edits'
                : redirecting
                  ? 'Redirect: type a correction and press Enter'
                  : 'What should change? Enter to send (/fast, /bg, /review to choose)'
            }
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void submit(e.altKey && !redirecting ? alternatives : undefined);
              } else if (e.altKey && (e.key === ']' || e.key === '[')) {
                e.preventDefault();
                if (active) flipAlternative(session, active, e.key === ']' ? 1 : -1);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                if (active) escapeGhost(session, active);
                else closeInstructionBox();
              } else if (e.key === 'Tab' && mine && mine.intent !== 'answer' && !e.shiftKey) {
                e.preventDefault();
                if (active) acceptGhost(session, active);
              }
            }}
          />
        </div>
      )}
    </div>
  );
}
