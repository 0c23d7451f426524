// How long to wait after a keystroke before asking for a completion (pure). Two rules:
// - `ttft`: when this lane's recently measured time to first token is shorter than the person's
//   typing gap, ask at once (pause 0) — the answer usually starts before the next key, so a request
//   per key wastes little and the pause would only add latency;
// - `rhythm`: otherwise wait long enough that a person typing fast does not start a request per key
//   (each would be aborted by the next one), short enough that a pause is answered at once — about
//   1.5× their recent gap between keys, within bounds, and shorter right after a boundary character
//   (`.`, `(`, space, newline…) where a completion is most likely wanted.

export const PAUSE_MIN_MS = 15;
export const PAUSE_MAX_MS = 200;
/** With no rhythm known yet. */
export const PAUSE_DEFAULT_MS = 60;
/** Gaps kept to learn the rhythm; longer gaps are pauses, not typing. */
export const RHYTHM_KEYS = 8;
const TYPING_GAP_MS = 600;
/** Model TTFTs kept to learn the lane's (the middle of the recent ones). */
export const TTFT_SAMPLES = 5;

export type PauseRule = 'ttft' | 'rhythm';
export type Pause = { ms: number; rule: PauseRule };

/** The middle of the recent values (the upper one of an even count), or null when there are fewer than `least`. */
function middle(values: readonly number[], least: number): number | null {
  if (values.length < least) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The middle of the recent gaps between keys that were typing (not pauses), or null. */
export function typingGap(gapsMs: readonly number[]): number | null {
  return middle(gapsMs.filter((g) => g >= 0 && g < TYPING_GAP_MS).slice(-RHYTHM_KEYS), 3);
}

/** The lane's recent time to first token: the middle of the last TTFT_SAMPLES measured, or null. */
export function laneTtft(ttftsMs: readonly number[]): number | null {
  return middle(ttftsMs.filter((t) => t >= 0).slice(-TTFT_SAMPLES), 1);
}

/** The rhythm rule alone: about 1.5× the typing gap, halved after a boundary character, within bounds. */
export function pauseBeforeAsking(gapsMs: readonly number[], lastTyped: string): number {
  const gap = typingGap(gapsMs);
  const base = gap === null ? PAUSE_DEFAULT_MS : gap * 1.5;
  const boundary = /[\s.(,[{:=]$/.test(lastTyped);
  return Math.round(Math.min(PAUSE_MAX_MS, Math.max(PAUSE_MIN_MS, boundary ? base / 2 : base)));
}

/** The pause and the rule that chose it, from the typing gaps and the lane's recent TTFTs. */
export function choosePause(gapsMs: readonly number[], lastTyped: string, ttftsMs: readonly number[]): Pause {
  const gap = typingGap(gapsMs);
  const ttft = laneTtft(ttftsMs);
  if (gap !== null && ttft !== null && ttft < gap) return { ms: 0, rule: 'ttft' };
  return { ms: pauseBeforeAsking(gapsMs, lastTyped), rule: 'rhythm' };
}
