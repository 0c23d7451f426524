'use client';
// The dashboard's figures come from small JSON endpoints polled while it is open: one hook for
// the fetch, the check of what came back, the 2 s timer and the error (cleared by the next answer).
import { useEffect, useState } from 'react';

const POLL_MS = 2000;

export function usePolled<T>(
  url: string,
  what: string,
  parse: (json: unknown) => T,
): { data: T | null; error: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      fetch(url, { credentials: 'same-origin' })
        .then(async (r) => {
          if (!r.ok) throw new Error(`${what} failed (${r.status})`);
          const parsed = parse(await r.json());
          if (live) {
            setData(parsed);
            setError(null);
          }
        })
        .catch((err: Error) => live && setError(err.message));
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // `parse` is a module-level function at every call site, so this runs once per dashboard.
  }, [url, what, parse]);
  return { data, error };
}
