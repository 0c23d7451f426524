// How long to wait after a keystroke before asking for a completion (pure): long enough that a
// person typing fast does not start a request per key (each would be aborted by the next one),
// short enough that a pause is answered at once. It follows this person's own rhythm: about 1.5×
// their recent gap between keys, within bounds, and shorter right after a boundary character
// (`.`, `(`, space, newline…) where a completion is most likely wanted.

export const PAUSE_MIN_MS = 15;
export const PAUSE_MAX_MS = 200;
/** With no rhythm known yet. */
export const PAUSE_DEFAULT_MS = 60;
/** Gaps kept to learn the rhythm; longer gaps are pauses, not typing. */
export const RHYTHM_KEYS = 8;
const TYPING_GAP_MS = 600;

/** The middle of the recent gaps between keys that were typing (not pauses), or null. */
export function typingGap(gapsMs: readonly number[]): number | null {
  const typing = gapsMs.filter((g) => g >= 0 && g < TYPING_GAP_MS).slice(-RHYTHM_KEYS);
  if (typing.length < 3) return null;
  const sorted = [...typing].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function pauseBeforeAsking(gapsMs: readonly number[], lastTyped: string): number {
  const gap = typingGap(gapsMs);
  const base = gap === null ? PAUSE_DEFAULT_MS : gap * 1.5;
  const boundary = /[\s.(,[{:=]$/.test(lastTyped);
  return Math.round(Math.min(PAUSE_MAX_MS, Math.max(PAUSE_MIN_MS, boundary ? base / 2 : base)));
}
