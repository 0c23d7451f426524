// Waiting for the shared document to show what the browser saw (completions and next edits): a
// request made right after a keystroke may reach the server before that keystroke's `doc/sync`.
// Resolves with the text once `check` accepts it, or null when the wait runs out or the signal fires.
import type * as Y from 'yjs';

export function whenSynced(
  text: Y.Text,
  check: (all: string) => boolean,
  signal: AbortSignal,
  waitMs: number,
): Promise<string | null> {
  const now = text.toString();
  if (check(now)) return Promise.resolve(now);
  if (signal.aborted) return Promise.resolve(null);
  return new Promise((resolve) => {
    const done = (value: string | null) => {
      clearTimeout(timer);
      text.unobserve(onChange);
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onChange = () => {
      const all = text.toString();
      if (check(all)) done(all);
    };
    const onAbort = () => done(null);
    const timer = setTimeout(() => done(null), waitMs);
    text.observe(onChange);
    signal.addEventListener('abort', onAbort);
  });
}
