// Why: models copy context lines imperfectly (trailing spaces, re-indented code, typographic
// quotes and dashes). Like Codex's seek_sequence, a patch's old lines are looked for with
// decreasing strictness: exact, then ignoring trailing whitespace, then ignoring surrounding
// whitespace, then also treating look-alike Unicode punctuation as ASCII. Pure.

/** Look-alike punctuation → ASCII (dashes, quotes, spaces), as Codex normalises it. */
const PUNCTUATION: [RegExp, string][] = [
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-'],
  [/[\u2018\u2019\u201A\u201B]/g, "'"],
  [/[\u201C\u201D\u201E\u201F]/g, '"'],
  [/[\u00A0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000]/g, ' '],
];

function normalise(line: string): string {
  let out = line.trim();
  for (const [pattern, ascii] of PUNCTUATION) out = out.replace(pattern, ascii);
  return out;
}

const LEVELS: ((line: string) => string)[] = [(l) => l, (l) => l.trimEnd(), (l) => l.trim(), normalise];

export type SeekLevel = 'exact' | 'trailing-space' | 'trimmed' | 'punctuation';
const LEVEL_NAMES: SeekLevel[] = ['exact', 'trailing-space', 'trimmed', 'punctuation'];

/**
 * The first index ≥ `start` where `pattern` occurs in `lines`, trying each strictness level in
 * turn over the whole range before relaxing. With `endOfFile`, the position that ends the file is
 * tried first. Null when there is no match at any level.
 */
export function seekSequence(
  lines: readonly string[],
  pattern: readonly string[],
  start: number,
  endOfFile = false,
): { index: number; level: SeekLevel } | null {
  if (pattern.length === 0) return { index: start, level: 'exact' };
  if (pattern.length > lines.length) return null;
  const last = lines.length - pattern.length;
  for (let level = 0; level < LEVELS.length; level++) {
    const f = LEVELS[level];
    const matchesAt = (i: number) => pattern.every((p, k) => f(lines[i + k]) === f(p));
    if (endOfFile && last >= start && matchesAt(last)) return { index: last, level: LEVEL_NAMES[level] };
    for (let i = start; i <= last; i++) if (matchesAt(i)) return { index: i, level: LEVEL_NAMES[level] };
  }
  return null;
}

/** For an error message: the line most like `wanted` (same text ignoring whitespace), 0-based. */
export function closestLine(lines: readonly string[], wanted: string): number | null {
  const target = normalise(wanted);
  if (target === '') return null;
  const exact = lines.findIndex((l) => normalise(l) === target);
  if (exact !== -1) return exact;
  const partial = lines.findIndex(
    (l) => normalise(l).includes(target) || (normalise(l).length > 3 && target.includes(normalise(l))),
  );
  return partial === -1 ? null : partial;
}
