// What the simulated model proposes at a cursor (fill-in-the-middle), purely from the text around
// it: the rest of a line that repeats one above (same start), else the rest of a known identifier
// seen in the file (with its argument list when the file calls it), then the brackets the line
// left open and the statement's `;` when the file uses them. Not a language model: a deterministic
// stand-in whose completions fit the code well enough to exercise the lane. Same input, same answer.
// Asked for alternatives (`n`), it adds other takes that fit as well: the rest of another line above
// that starts the same way, another known identifier, the first take without its closers.

const IDENT_TAIL = /[A-Za-z_$][\w$]*$/;
const IDENTS = /[A-Za-z_$][\w$]*/g;
const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set(Object.values(PAIRS));

/** The text the simulated model inserts between `prefix` and `suffix` ('' when nothing fits). */
export function simFill(prefix: string, suffix: string): string {
  return simFills(prefix, suffix, 1)[0] ?? '';
}

/**
 * Up to `n` distinct, non-empty texts to insert between `prefix` and `suffix`, the best first
 * (simFill's); fewer when fewer fit.
 */
export function simFills(prefix: string, suffix: string, n: number): string[] {
  const line = prefix.slice(prefix.lastIndexOf('\n') + 1);
  if (line.trim().length < 2) return [];
  const lineRest = suffix.split('\n', 1)[0]!;
  const repeated = repeatLines(prefix, line);
  const words = finishIdentifiers(prefix, suffix, line);
  const closed = (word: string) => word + closeLine(prefix, line + word, lineRest.trim());
  const takes = [
    ...repeated,
    ...(words.length ? words.map(closed) : [closed('')]),
    ...words.slice(0, 1).flatMap((w) => [w, w.replace(/\(.*$/, '')]),
  ];
  const out: string[] = [];
  for (const take of takes.map((t) => withoutSuffix(t, lineRest))) {
    if (take !== '' && !out.includes(take)) out.push(take);
  }
  return out.slice(0, n);
}

/** The rests of the lines above that start like this one does (at least 2 characters in), nearest first. */
function repeatLines(prefix: string, line: string): string[] {
  const above = prefix.slice(0, prefix.length - line.length).split('\n');
  const rests: string[] = [];
  for (let i = above.length - 1; i >= 0; i--) {
    const candidate = above[i]!;
    if (candidate.length > line.length && candidate.startsWith(line)) rests.push(candidate.slice(line.length));
  }
  return rests;
}

/** Identifiers of the text, most used first (ties: first seen first). */
function knownIdentifiers(text: string): string[] {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(IDENTS)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
}

/**
 * The rests of the known identifiers that the one being typed starts, most used first, each with
 * the arguments of its call when the file has one on a line.
 */
function finishIdentifiers(prefix: string, suffix: string, line: string): string[] {
  const partial = IDENT_TAIL.exec(line)?.[0];
  if (!partial) return [];
  const before = prefix.slice(0, prefix.length - partial.length);
  const text = `${before}\n${suffix}`;
  return knownIdentifiers(text)
    .filter((n) => n.length > partial.length && n.startsWith(partial))
    .map((name) => name.slice(partial.length) + callArguments(text, name));
}

/** `(a, b)` of the first one-line call of `name` in the text (a definition's parameters are no call), or ''. */
function callArguments(text: string, name: string): string {
  const calls = new RegExp(`(function\\s+|def\\s+)?\\b${name.replace(/\$/g, '\\$')}\\(`, 'g');
  for (const at of text.matchAll(calls)) {
    if (at[1]) continue;
    const open = at.index + at[0].length - 1;
    let depth = 0;
    for (let i = open; i < text.length && text[i] !== '\n'; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) return text.slice(open, i + 1);
    }
  }
  return '';
}

/**
 * Closers for the brackets the line opened and did not close (less those the rest of the line has),
 * and `;` where the file ends statements so and the line has nothing after the cursor.
 */
function closeLine(prefix: string, line: string, rest: string): string {
  const open: string[] = [];
  for (const ch of line) {
    if (PAIRS[ch]) open.push(PAIRS[ch]!);
    else if (CLOSERS.has(ch) && open[open.length - 1] === ch) open.pop();
  }
  if (open.includes('}'))
    return open
      .slice(open.lastIndexOf('}') + 1)
      .reverse()
      .join('');
  const needed = open.reverse().join('');
  let have = 0;
  while (have < needed.length && rest[have] === needed[have]) have++;
  const closers = needed.slice(have);
  if (rest !== '') return closers;
  const statement = /^\s*(const|let|var|return|[\w$.]+\s*=|[\w$.]+\()/.test(line);
  return closers + (statement && usesSemicolons(prefix) && !/[;,{]\s*$/.test(line + closers) ? ';' : '');
}

function usesSemicolons(text: string): boolean {
  return /;\s*$/m.test(text);
}

/** Drops the end of `fill` that the rest of the line after the cursor already has (an auto-closed `)`). */
function withoutSuffix(fill: string, lineRest: string): string {
  const rest = lineRest.trim();
  if (rest === '' || !fill.endsWith(rest)) return fill;
  return fill.slice(0, fill.length - rest.length);
}
