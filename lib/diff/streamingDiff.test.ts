// Why: fixtures for the edits a fast-lane rewrite typically streams, so that a change to the
// heuristics that makes the ghost diff look worse shows up as a failing expectation.
import { describe, expect, it } from 'vitest';
import { exactLineDiff } from './lineDiff';
import { coalesce, outputOf, type DiffOp } from './ops';
import { StreamingDiff } from './streamingDiff';

const eq = (text: string): DiffOp => ({ kind: 'equal', text });
const ins = (text: string): DiffOp => ({ kind: 'insert', text });
const del = (text: string): DiffOp => ({ kind: 'delete', text });

/** Model-like chunking: pieces of `size` characters. */
function tokens(text: string, size = 4): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

function stream(original: string, chunks: string[]): DiffOp[] {
  const diff = new StreamingDiff(original);
  const ops = chunks.flatMap((chunk) => diff.push(chunk));
  return coalesce([...ops, ...diff.finish()]);
}

/** Streams `output` in model-sized chunks (not finished), noting the longest tentative output seen. */
function streamTentative(original: string, output: string): { diff: StreamingDiff; longestTentative: number } {
  const diff = new StreamingDiff(original);
  let longestTentative = 0;
  for (const chunk of tokens(output)) {
    diff.push(chunk);
    longestTentative = Math.max(longestTentative, outputOf(diff.view().tentative).length);
  }
  return { diff, longestTentative };
}

const load = `export function load(path: string) {
  const start = Date.now();
  console.log('loading', path);
  const text = readFile(path);
  console.log('parsed', path, Date.now() - start);
  return parse(text);
}

function twice(value: number) {
  if (value < 0) {
    return -value * 2;
  }
  return value * 2;
}
`;

const fetchUser =
  'async function fetchUser(id: string) {\n  const response = await fetch(`/api/users/${id}`);\n' +
  '  const body = await response.json();\n  return body.user;\n}\n';

/** Each fixture: original, output, and the ops expected whatever the chunking. */
const fixtures: { name: string; original: string; output: string; expected: DiffOp[] }[] = [
  {
    name: 'rename',
    original: 'let count = 0;\ncount += step;\nreturn count;\n',
    output: 'let total = 0;\ntotal += step;\nreturn total;\n',
    expected: [
      eq('let '),
      del('count'),
      ins('total'),
      eq(' = 0;\n'),
      del('count'),
      ins('total'),
      eq(' += step;\nreturn '),
      del('count'),
      ins('total'),
      eq(';\n'),
    ],
  },
  {
    name: 'inserted doc comment',
    original: load,
    output: `/** Reads and parses the file at \`path\`, logging timings. */\n${load}`,
    expected: [ins('/** Reads and parses the file at `path`, logging timings. */\n'), eq(load)],
  },
  {
    name: 'deleted lines',
    original: load,
    output: load.replace(/ {2}console\.log.*\n/g, ''),
    expected: [
      eq('export function load(path: string) {\n  const start = Date.now();\n'),
      del("  console.log('loading', path);\n"),
      eq('  const text = readFile(path);\n'),
      del("  console.log('parsed', path, Date.now() - start);\n"),
      eq(load.slice(load.indexOf('  return parse'))),
    ],
  },
  {
    name: 'deleted block',
    original: `${load}\nexport const answer = 42;\n`,
    output: `${load.slice(0, load.indexOf('function twice'))}export const answer = 42;\n`,
    expected: [
      eq(load.slice(0, load.indexOf('function twice'))),
      del(`${load.slice(load.indexOf('function twice'))}\n`),
      eq('export const answer = 42;\n'),
    ],
  },
  {
    name: 'rewritten block',
    original: load,
    output: load.replace(
      '  if (value < 0) {\n    return -value * 2;\n  }\n  return value * 2;',
      '  const magnitude = Math.abs(value);\n  return magnitude * 2;',
    ),
    expected: [
      eq(load.slice(0, load.indexOf('if (value'))),
      del('if (value < 0) {\n    return -value * 2;\n  }'),
      ins('const magnitude = Math.abs(value);'),
      eq('\n  return '),
      del('value'),
      ins('magnitude'),
      eq(' * 2;\n}\n'),
    ],
  },
  {
    name: 'added line before a similar line',
    original: load,
    output: load.replace(
      '  const text = readFile(path);\n',
      '  const path2 = resolve(path);\n  const text = readFile(path);\n',
    ),
    expected: [
      eq(load.slice(0, load.indexOf('  const text'))),
      ins('  const path2 = resolve(path);\n'),
      eq(load.slice(load.indexOf('  const text'))),
    ],
  },
  {
    name: 'wrapped in try/catch (reindented)',
    original: fetchUser,
    output: fetchUser.replace(
      /\n(.*\n.*\n.*\n)}/,
      (_, body: string) => `\n  try {\n${body.replace(/^(?=.)/gm, '  ')}  } catch (error) {\n    return null;\n  }\n}`,
    ),
    expected: [
      eq('async function fetchUser(id: string) {\n'),
      ins('  try {\n  '),
      eq('  const response = await fetch(`/api/users/${id}`);\n'),
      ins('  '),
      eq('  const body = await response.json();\n'),
      ins('  '),
      eq('  return body.user;\n'),
      ins('  } catch (error) {\n    return null;\n  }\n'),
      eq('}\n'),
    ],
  },
  {
    name: 'signature and call changed, guard added',
    original: fetchUser,
    output: fetchUser
      .replace('string)', 'string): Promise<User | null>')
      .replace('${id}', '${encodeURIComponent(id)}')
      .replace('  const body', '  if (!response.ok) return null;\n  const body'),
    expected: [
      eq('async function fetchUser(id: string)'),
      ins(': Promise<User | null>'),
      eq(' {\n  const response = await fetch(`/api/users/${'),
      del('id'),
      ins('encodeURIComponent(id)'),
      eq('}`);\n'),
      ins('  if (!response.ok) return null;\n'),
      eq('  const body = await response.json();\n  return body.user;\n}\n'),
    ],
  },
];

describe('StreamingDiff fixtures', () => {
  for (const { name, original, output, expected } of fixtures) {
    it(`${name}: the same ops for model-sized, single-character and whole-text chunks`, () => {
      expect(stream(original, tokens(output))).toEqual(expected);
      expect(stream(original, tokens(output, 1))).toEqual(expected);
      expect(stream(original, [output])).toEqual(expected);
    });
  }

  it('returns from each push only the ops that chunk settled', () => {
    const diff = new StreamingDiff('alpha\nbeta\ngamma\n');
    expect(diff.push('alpha\nbe')).toEqual([eq('alpha\n')]);
    expect(diff.push('ta\n')).toEqual([eq('beta\n')]);
    expect(diff.view().committed).toEqual([eq('alpha\n'), eq('beta\n')]);
    expect(diff.finish()).toEqual([del('gamma\n')]);
    expect(() => diff.push('more')).toThrow(/after finish/);
  });

  it('commits as it streams: the unsettled tail stays short over a long rewrite', () => {
    const original = Array.from({ length: 300 }, (_, k) => `  const value${k} = compute(index, ${k});\n`).join('');
    const output = original.replaceAll('index', 'position');
    const { diff, longestTentative } = streamTentative(original, output);
    expect(longestTentative).toBeLessThan(200);
    expect(outputOf(diff.view().committed).length).toBeGreaterThan(output.length - 200);
    const ops = coalesce([...diff.view().committed, ...diff.finish()]);
    expect(ops.filter((op) => op.kind !== 'equal')).toHaveLength(600);
    expect(ops.every((op) => op.kind === 'equal' || op.text === (op.kind === 'delete' ? 'index' : 'position'))).toBe(
      true,
    );
  });

  it('commits a very long line in pieces, whether it matches or not', () => {
    const line = Array.from({ length: 3000 }, (_, k) => `"key${k}":${k},`).join('');
    for (const [original, output] of [
      [line, line],
      ['x', line],
      [line, `${line.slice(0, 9000)}!${line.slice(9000)}`],
    ]) {
      const { diff, longestTentative } = streamTentative(original, output);
      expect(longestTentative).toBeLessThan(1200);
      expect(outputOf([...diff.view().committed, ...diff.finish()])).toBe(output);
    }
  });

  it('shows the unsettled tail as tentative and the unreached original as pending', () => {
    const original = 'let count = 0;\nreturn count;\n';
    const diff = new StreamingDiff(original);
    diff.push('let total = 0;\nret');
    const view = diff.view();
    // The first change is not settled until more output shows no better resync.
    expect(view.committed).toEqual([]);
    expect(view.committedOriginal).toBe(0);
    expect(view.tentative).toEqual([eq('let '), del('count'), ins('total'), eq(' = 0;\nret')]);
    expect(view.reachedOriginal).toBe(original.indexOf('urn'));
    expect(coalesce(diff.finish())).toEqual([
      eq('let '),
      del('count'),
      ins('total'),
      eq(' = 0;\nret'),
      del('urn count;\n'),
    ]);
  });

  it('applies an interrupted stream to the reached prefix only', () => {
    const original = 'let count = 0;\ncount += step;\nreturn count;\n';
    const diff = new StreamingDiff(original);
    for (const chunk of tokens('let total = 0;\ntotal += st')) diff.push(chunk);
    const partial = diff.partialResult();
    expect(coalesce(partial.ops)).toEqual([
      eq('let '),
      del('count'),
      ins('total'),
      eq(' = 0;\n'),
      del('count'),
      ins('total'),
      eq(' += st'),
    ]);
    expect(partial.reachedOriginal).toBe(original.indexOf('ep;'));
    expect(partial.text).toBe('let total = 0;\ntotal += step;\nreturn count;\n');
  });

  it('keeps the whole original when interrupted before a resync is known', () => {
    const diff = new StreamingDiff('a();\nb();\n');
    diff.push('x');
    expect(diff.partialResult()).toEqual({ ops: [ins('x')], reachedOriginal: 0, text: 'xa();\nb();\n' });
  });

  it('handles empty texts', () => {
    expect(stream('', [])).toEqual([]);
    expect(stream('', ['new\n'])).toEqual([ins('new\n')]);
    expect(stream('old\n', [])).toEqual([del('old\n')]);
    expect(stream('same', ['sa', '', 'me'])).toEqual([eq('same')]);
  });
});

describe('exactLineDiff', () => {
  it('diffs whole lines', () => {
    expect(exactLineDiff('a\nb\nc\n', 'a\nB\nc\nd')).toEqual([eq('a\n'), del('b\n'), ins('B\n'), eq('c\n'), ins('d')]);
    expect(exactLineDiff('x\n', 'x\n')).toEqual([eq('x\n')]);
    expect(exactLineDiff('', '')).toEqual([]);
  });
});
