// What the keys and buttons of the fast lane do to this person's ghost on a file, shared by the
// editor's keybindings (Tab, Esc) and the instruction box's buttons.
import type { WorkspaceSession } from '../../lib/client/workspaceSession';
import { notify } from '../../lib/client/stores/noticeStore';
import { closeInstructionBox } from '../../lib/client/stores/steeringStore';

export function acceptGhost(session: WorkspaceSession, path: string): void {
  const turn = session.fast.mine(path);
  // An answer has nothing to apply: "Apply this" on the answer makes an edit of it.
  if (!turn || turn.info.intent === 'answer') return;
  try {
    const { conflicts } = session.fast.accept(turn);
    if (conflicts > 0)
      notify('warning', `${conflicts} change(s) overlapped edits made meanwhile by others: their text was kept there`);
  } catch (err) {
    notify('error', `could not apply the edit: ${(err as Error).message}`);
    return;
  }
  closeInstructionBox();
}

/** Discards this person's ghost on the file (with alternatives, all of them; an answer is put away). */
export function rejectGhost(session: WorkspaceSession, path: string): void {
  const turn = session.fast.mine(path);
  if (turn?.info.intent === 'answer') {
    // Not resolved: the transcript keeps the answer as it ended (done, or interrupted).
    if (turn.state === 'streaming') interruptGhost(session, path);
    session.fast.dismiss(turn);
  } else if (turn) for (const t of session.fast.groupOf(turn)) session.fast.reject(t);
  closeInstructionBox();
}

/** Stops this person's streaming ghost on the file (with alternatives, every one still streaming). */
export function interruptGhost(session: WorkspaceSession, path: string): void {
  const turn = session.fast.mine(path);
  if (!turn) return;
  for (const t of session.fast.groupOf(turn))
    if (t.state === 'streaming') session.fast.interrupt(t).catch((err: Error) => notify('error', err.message));
}

/** Esc: stop a streaming ghost (or alternatives); on stopped ones, discard them. */
export function escapeGhost(session: WorkspaceSession, path: string): void {
  const turn = session.fast.mine(path);
  if (!turn) return closeInstructionBox();
  if (session.fast.groupOf(turn).some((t) => t.state === 'streaming')) interruptGhost(session, path);
  else rejectGhost(session, path);
}

/** Alt+] / Alt+[: the next or previous alternative. */
export function flipAlternative(session: WorkspaceSession, path: string, step: 1 | -1): void {
  session.fast.flipAlternative(path, step);
}
