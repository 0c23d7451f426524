// Why: docs/diff.md had named functions that no longer existed. This holds it to lib/diff: every
// function (written `name()` or `name(args)`), type or class (`PascalCase`), constant (`UPPER_CASE`,
// with its value when written `= n`) and file it names must exist, and it must name every file and
// every export of the barrel.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const markdown = readFileSync(fileURLToPath(new URL('../../docs/diff.md', import.meta.url)), 'utf8');

const allFiles = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
const files = allFiles.filter((f) => !f.endsWith('.test.ts'));
const sources = files.map((f) => readFileSync(`${DIR}/${f}`, 'utf8'));

/** Names declared with `export function|class|interface|type|const` in lib/diff. */
const exported = new Set(
  sources.flatMap((src) =>
    [...src.matchAll(/^export (?:function|class|interface|type|const) ([\w$]+)/gm)].map((m) => m[1]),
  ),
);

/** Top-level numeric constants of lib/diff (`const NAME = 4_000_000;`), exported or not. */
const constants = new Map(
  sources.flatMap((src) =>
    [...src.matchAll(/^(?:export )?const ([A-Z][A-Z0-9_]*) = ([\d_]+);/gm)].map(
      (m) => [m[1], Number(m[2].replaceAll('_', ''))] as const,
    ),
  ),
);

/** What the barrel re-exports. */
const barrel = [...readFileSync(`${DIR}/index.ts`, 'utf8').matchAll(/export \{([^}]*)\} from/g)].flatMap((m) =>
  m[1]
    .split(',')
    .map((name) => name.replace(/^\s*type\s+/, '').trim())
    .filter(Boolean),
);

/** The fields of an exported interface of lib/diff, sorted; undefined when there is none. */
function sourceFields(name: string): string[] | undefined {
  for (const src of sources) {
    const body = new RegExp(`^export interface ${name}(?: extends \\w+)? \\{\n([\\s\\S]*?)^\\}`, 'm').exec(src)?.[1];
    if (body !== undefined) return [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]).sort();
  }
  return undefined;
}

/** The doc's prose (fenced blocks removed) and its fenced blocks. */
const fences = [...markdown.matchAll(/^```\w*\n([\s\S]*?)^```/gm)].map((m) => m[1]);
const prose = markdown.replace(/^```\w*\n[\s\S]*?^```/gm, '');
const spans = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);

describe('docs/diff.md', () => {
  it('names only functions that lib/diff exports', () => {
    const calls = spans.flatMap((s) => /^([A-Za-z_$][\w$]*)\(/.exec(s)?.[1] ?? []);
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.filter((name) => !exported.has(name))).toEqual([]);
  });

  it('names only types and classes that lib/diff exports (in prose and in its code blocks)', () => {
    const inProse = spans.filter((s) => /^[A-Z][a-z]\w*$/.test(s));
    const inCode = fences.flatMap((code) =>
      [...code.matchAll(/\b(?:interface|type|class|new) ([A-Z]\w*)/g)].map((m) => m[1]),
    );
    expect(inProse.length + inCode.length).toBeGreaterThan(10);
    expect([...inProse, ...inCode].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('gives each interface in its code blocks the fields it has in lib/diff', () => {
    const documented = fences.flatMap((code) => [
      ...code.replace(/\/\/.*$/gm, '').matchAll(/interface (\w+)(?: extends \w+)? \{([^}]*)\}/g),
    ]);
    expect(documented.length).toBeGreaterThan(5);
    const wrong = documented.flatMap(([, name, body]) => {
      const fields = body
        .split(/[;\n]/)
        .flatMap((f) => /^\s*(\w+)/.exec(f)?.[1] ?? [])
        .sort();
      const actual = sourceFields(name);
      return actual && fields.join() === actual.join()
        ? []
        : [`${name}: documented ${fields.join(', ')}; lib/diff ${actual?.join(', ') ?? 'has none'}`];
    });
    expect(wrong).toEqual([]);
  });

  it('names only constants that lib/diff declares, with their values', () => {
    const named = [...prose.matchAll(/`([A-Z][A-Z0-9_]*)`(?: = ([\d,]+))?/g)];
    expect(named.length).toBeGreaterThan(5);
    const wrong = named
      .filter(
        ([, name, value]) =>
          !constants.has(name) || (value !== undefined && Number(value.replaceAll(',', '')) !== constants.get(name)),
      )
      .map(([text, name]) => `${text} (lib/diff: ${constants.get(name) ?? 'no such constant'})`);
    expect(wrong).toEqual([]);
  });

  it('names only files that exist, and every file of lib/diff', () => {
    const named = new Set(spans.flatMap((s) => /^(?:lib\/diff\/)?([\w.]+\.ts)$/.exec(s)?.[1] ?? []));
    expect([...named].filter((f) => !allFiles.includes(f))).toEqual([]);
    expect(files.filter((f) => !named.has(f))).toEqual([]);
  });

  it('names every export of the barrel', () => {
    expect(barrel.length).toBeGreaterThan(10);
    const named = new Set(spans.flatMap((s) => /^([A-Za-z_$][\w$]*)(?:\(|$)/.exec(s)?.[1] ?? []));
    expect(barrel.filter((name) => !named.has(name))).toEqual([]);
  });
});
