import { describe, expect, it } from 'vitest';
import { applyCorrection, parseInstruction } from './instructions';
import { answerEdit, changeStringCase, renameIdentifier, rewrite } from './rewrites';
import { RESTART_MARKER } from '../formats/editRequest';

const ts = (instruction: string, code: string) => rewrite(code, parseInstruction(instruction), 'typescript');

describe('parseInstruction', () => {
  it.each([
    ['rename total to sum', { kind: 'rename', from: 'total', to: 'sum' }],
    ['Rename the variable `total` to `sum`.', { kind: 'rename', from: 'total', to: 'sum' }],
    ['add a doc comment', { kind: 'doc-comment' }],
    ['document this', { kind: 'doc-comment' }],
    ['convert to arrow function', { kind: 'arrow-function' }],
    ['convert this to async/await', { kind: 'async-await' }],
    ['add a null check for user', { kind: 'null-check', name: 'user' }],
    ['make all string literals uppercase', { kind: 'string-case', upper: true }],
    ['lowercase the strings', { kind: 'string-case', upper: false }],
    ['add types', { kind: 'add-types' }],
    ['make it faster', { kind: 'unknown', text: 'make it faster' }],
  ])('%s', (text, want) => expect(parseInstruction(text)).toEqual(want));

  it('lets a correction replace or refine the instruction', () => {
    const rename = parseInstruction('rename total to sum');
    expect(applyCorrection(rename, 'no, call it amount')).toEqual({ kind: 'rename', from: 'total', to: 'amount' });
    expect(applyCorrection(rename, 'add a doc comment instead')).toEqual({ kind: 'doc-comment' });
    expect(applyCorrection(rename, 'hmm')).toEqual({ kind: 'unknown', text: 'hmm' });
  });
});

describe('rewrites', () => {
  it('renames identifiers in code and template expressions, not in strings, comments or longer names', () => {
    const code = 'let total = totals + 1; // total\nconst s = "total";\nlog(`total=${total}`);\n';
    expect(renameIdentifier(code, 'total', 'sum', 'typescript')).toBe(
      'let sum = totals + 1; // total\nconst s = "total";\nlog(`total=${sum}`);\n',
    );
    expect(rewrite('x = total  # total\n', parseInstruction('rename total to sum'), 'python')).toBe(
      'x = sum  # total\n',
    );
  });

  it('adds a JSDoc with params and returns, a Python docstring, a Go comment', () => {
    expect(
      ts(
        'add a doc comment',
        '  export function calculateTotal(items: Item[], taxRate = 0.2): number {\n    return 1;\n  }\n',
      ),
    ).toBe(
      '  /**\n   * Calculate total.\n   * @param items - Items.\n' +
        '   * @param taxRate - Tax rate.\n   * @returns The result.\n   */\n' +
        '  export function calculateTotal(items: Item[], taxRate = 0.2): number {\n    return 1;\n  }\n',
    );
    expect(ts('document this', 'class UserStore {\n}\n')).toBe('/**\n * User store.\n */\nclass UserStore {\n}\n');
    expect(rewrite('def area(r):\n    return r * r\n', parseInstruction('document this'), 'python')).toBe(
      'def area(r):\n    """Area.\n\n    Args:\n        r: R.\n    """\n    return r * r\n',
    );
    expect(rewrite('func Sum(xs []int) int {\n}\n', parseInstruction('add a doc comment'), 'go')).toBe(
      '// Sum.\nfunc Sum(xs []int) int {\n}\n',
    );
  });

  it('converts function declarations and expressions to arrow functions', () => {
    const code =
      'export async function load<T>(id: string): Promise<T> {\n' +
      '  const f = function (x) { return x; };\n  return get(id);\n}\n';
    expect(ts('convert to arrow function', code)).toBe(
      'export const load = async <T>(id: string): Promise<T> => {\n' +
        '  const f = (x) => { return x; };\n  return get(id);\n};\n',
    );
    expect(ts('convert to arrow function', 'function* gen() {\n}\n')).toContain('found nothing to change');
  });

  it('converts simple .then chains to await and marks the function async', () => {
    const code =
      'function getUser(id) {\n  return fetch(`/u/${id}`).then((res) => res.json()).then(data => data.user);\n}\n';
    expect(ts('convert to async/await', code)).toBe(
      'async function getUser(id) {\n  const res = await fetch(`/u/${id}`);\n' +
        '  const data = await res.json();\n  return data.user;\n}\n',
    );
    const arrow = 'const f = (x) => {\n  const y = load(x).then(r => r.value);\n};\n';
    expect(ts('use async/await', arrow)).toBe(
      'const f = async (x) => {\n  const r = await load(x);\n  const y = await r.value;\n};\n',
    );
    const method = 'class A {\n  public go() {\n    save().then(() => done()).catch(report);\n  }\n}\n';
    expect(ts('convert to async/await', method)).toBe(
      'class A {\n  public async go() {\n    save().then(() => done()).catch(report);\n  }\n}\n',
    );
  });

  it('adds a null check inside the function taking the parameter', () => {
    expect(ts('add a null check for user', 'function greet(user: User) {\n    return user.name;\n}\n')).toBe(
      'function greet(user: User) {\n    if (user == null) {\n' +
        "      throw new TypeError('user must not be null or undefined');\n    }\n    return user.name;\n}\n",
    );
    expect(ts('add a null check for user', 'const greet = (user) => { return user.name; };\n')).toBe(
      'const greet = (user) => {\n  if (user == null) {\n' +
        "    throw new TypeError('user must not be null or undefined');\n  }\n return user.name; };\n",
    );
    expect(
      rewrite('def greet(user):\n    return user.name\n', parseInstruction('add a null check for user'), 'python'),
    ).toBe(
      'def greet(user):\n    if user is None:\n' +
        '        raise ValueError("user must not be None")\n    return user.name\n',
    );
    expect(ts('add a null check for user', '  use(user);\n')).toBe(
      "  if (user == null) {\n    throw new TypeError('user must not be null or undefined');\n  }\n  use(user);\n",
    );
  });

  it('changes the case of string literals, keeping escapes, template expressions and imports', () => {
    const code = "import x from 'react';\nconst a = 'hello\\nworld';\nconst b = `hi ${name} there`; // 'note'\n";
    expect(changeStringCase(code, true, 'typescript')).toBe(
      "import x from 'react';\nconst a = 'HELLO\\nWORLD';\nconst b = `HI ${name} THERE`; // 'note'\n",
    );
    expect(rewrite('S = "Hello"\n', parseInstruction('lowercase strings'), 'python')).toBe('S = "hello"\n');
  });

  it('annotates untyped TypeScript parameters', () => {
    expect(
      ts('add types', 'function f(a, b = 0, c = "x", d: Date, ...rest) {\n  return xs.map(x => x * 2);\n}\n'),
    ).toBe(
      'function f(a: unknown, b: number = 0, c: string = "x", d: Date, ...rest: unknown[]) {\n' +
        '  return xs.map((x: unknown) => x * 2);\n}\n',
    );
    expect(rewrite('function f(a) {}\n', parseInstruction('add types'), 'javascript')).toContain(
      'found nothing to change',
    );
  });

  it('says what it did not understand, in the language’s comment syntax', () => {
    expect(ts('make it faster', '  x();\n')).toBe(
      '  // [simulated model] did not understand: "make it faster"\n  x();\n',
    );
    expect(rewrite('x = 1\n', parseInstruction('make it faster'), 'python')).toBe(
      '# [simulated model] did not understand: "make it faster"\nx = 1\n',
    );
    expect(rewrite('<p/>\n', parseInstruction('shrug'), 'html')).toBe(
      '<!-- [simulated model] did not understand: "shrug" -->\n<p/>\n',
    );
  });
});

describe('answerEdit', () => {
  const base = { path: 'a.ts', language: 'typescript', code: 'let total = 1;\nuse(total);\n', correction: null };
  it('continues a partial that the rewrite still starts with', () => {
    expect(answerEdit({ ...base, instruction: 'rename total to sum', partial: 'let sum = 1;\nu' })).toBe('se(sum);\n');
  });
  it('restarts when the correction changes what the partial should have been', () => {
    const out = answerEdit({
      ...base,
      instruction: 'rename total to sum',
      partial: 'let sum',
      correction: 'call it amount',
    });
    expect(out).toBe(`${RESTART_MARKER}\nlet amount = 1;\nuse(amount);\n`);
  });
});
