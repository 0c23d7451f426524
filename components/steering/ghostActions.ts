// What the keys and buttons of the fast lane do to this person's ghost on a file, shared by the
// editor's keybindings (Tab, Esc) and the instruction box's buttons.
import type { WorkspaceSession } from '../../lib/client/workspaceSession';
import { notify } from '../../lib/client/stores/noticeStore';
import { closeInstructionBox } from '../../lib/client/stores/steeringStore';

export function acceptGhost(session: WorkspaceSession, path: string): void {
  const turn = session.fast.mine(path);
  if (!turn) return;
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

export function rejectGhost(session: WorkspaceSession, path: string): void {
  const turn = session.fast.mine(path);
  if (turn) session.fast.reject(turn);
  closeInstructionBox();
}

export function interruptGhost(session: WorkspaceSession, path: string): void {
  const turn = session.fast.mine(path);
  if (turn) session.fast.interrupt(turn).catch((err: Error) => notify('error', err.message));
}

/** Esc: stop a streaming ghost; on a stopped one, discard it. */
export function escapeGhost(session: WorkspaceSession, path: string): void {
  const turn = session.fast.mine(path);
  if (!turn) return closeInstructionBox();
  if (turn.state === 'streaming') interruptGhost(session, path);
  else rejectGhost(session, path);
}
