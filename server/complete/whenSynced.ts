// Waiting for the shared document to show what the browser saw (completions and next edits): a
// request made right after a keystroke may reach the server before that keystroke's `doc/sync`.
// Resolves with the text once `check` accepts it, or null when the wait runs out or the signal fires.
// The room's text is read and watched across generations (a swap mid-wait is heard, not missed).
import type { DocRoom } from '../collab/docRoom';

/** What the lanes read of a room's text: it now, and its changes in whichever generation is current. */
export type LiveText = Pick<DocRoom, 'text' | 'watchText'>;

export function whenSynced(
  room: LiveText,
  check: (all: string) => boolean,
  signal: AbortSignal,
  waitMs: number,
): Promise<string | null> {
  const now = room.text.toString();
  if (check(now)) return Promise.resolve(now);
  if (signal.aborted) return Promise.resolve(null);
  return new Promise((resolve) => {
    const done = (value: string | null) => {
      clearTimeout(timer);
      unwatch();
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onChange = () => {
      const all = room.text.toString();
      if (check(all)) done(all);
    };
    const onAbort = () => done(null);
    const timer = setTimeout(() => done(null), waitMs);
    const unwatch = room.watchText(onChange);
    signal.addEventListener('abort', onAbort);
  });
}
