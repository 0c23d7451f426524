import { describe, expect, it } from 'vitest';
import { RESTART_MARKER, type EditRequest } from '../formats/editRequest';
import { answerAlternative } from './alternatives';
import { lex } from './lexer';
import { answerEdit, SIM_LABEL } from './rewrites';

const cart = [
  '// the total in cents',
  'function cartTotal(items) {',
  '  let total = 0;',
  '  for (const item of items) total += item.price;',
  '  console.log("total", total);',
  '  return total;',
  '}',
  '',
].join('\n');

const request = (instruction: string, code: string, more: Partial<EditRequest> = {}): EditRequest => ({
  instruction,
  path: 'src/cart.ts',
  language: 'typescript',
  code,
  partial: null,
  correction: null,
  ...more,
});
/** Alternatives 1..n of an instruction over some code. */
const takes = (instruction: string, code: string, n = 4, more: Partial<EditRequest> = {}) =>
  Array.from({ length: n }, (_, index) =>
    answerAlternative(request(instruction, code, { ...more, alternative: { index, of: n } })),
  );
const codeOnly = (text: string) =>
  lex(text, 'typescript')
    .filter((s) => s.kind === 'code')
    .map((s) => s.text)
    .join('');

describe('answerAlternative', () => {
  it('keeps alternative 1 byte-identical to the plain rewrite', () => {
    for (const instruction of ['rename total to sum', 'add a doc comment', 'make it faster']) {
      expect(takes(instruction, cart)[0]).toBe(answerEdit(request(instruction, cart)));
    }
  });

  it('renames in four different ways, each with the new name and none with the old one in code', () => {
    const all = takes('rename total to sum', cart);
    expect(new Set(all).size).toBe(4);
    for (const text of all) {
      expect(codeOnly(text)).not.toMatch(/(?<![\w$])total(?![\w$])/);
      expect(codeOnly(text)).toContain('let sum = 0;');
    }
    expect(all[1]).toContain('// the sum in cents'); // comments too
    expect(all[2]).toContain('function cartSum(items)'); // names made from it too
    expect(all[3]).toContain('console.log("sum", sum);'); // and strings
  });

  it('documents in different styles: a line comment, a one-line JSDoc, a full JSDoc with an example', () => {
    const code = 'export function formatTotal(items: Item[], discount: number): string {\n  return format(items);\n}\n';
    const all = takes('add a doc comment', code);
    expect(new Set(all).size).toBe(4);
    expect(all[0]).toContain(' * @param discount - Discount.');
    expect(all[1]).toBe(`// Format total; takes items, discount; returns format(items).\n${code}`);
    expect(all[2]).toBe(`/** Format total. */\n${code}`);
    expect(all[3]).toContain(' * @returns `format(items)`.\n * @example\n * formatTotal(items, discount)\n */\n');
    const py = takes('add a docstring', 'def area(r):\n    return r * r\n', 4, { language: 'python', path: 'a.py' });
    expect(py.slice(1)).toEqual([
      'def area(r):\n    """Area."""\n    return r * r\n',
      'def area(r):\n    """Area.\n\n    :param r: r.\n    :returns: r * r\n    """\n    return r * r\n',
      '# Area; takes r; returns r * r.\ndef area(r):\n    return r * r\n',
    ]);
  });

  it('guards against null by throwing, returning early, optional chaining, or warning', () => {
    const code = 'function greet(user) {\n  return user.name;\n}\n';
    const all = takes('add a null check for user', code);
    expect(all[0]).toContain("throw new TypeError('user must not be null or undefined');");
    expect(all[1]).toBe('function greet(user) {\n  if (user == null) return;\n  return user.name;\n}\n');
    expect(all[2]).toBe('function greet(user) {\n  return user?.name;\n}\n');
    expect(all[3]).toContain("console.warn('user is missing');\n    return;");
    const py = takes('add a null check for user', 'def greet(user):\n    return user.name\n', 3, {
      language: 'python',
    });
    expect(py[1]).toBe('def greet(user):\n    if user is None:\n        return None\n    return user.name\n');
    expect(py[2]).toBe(
      'def greet(user):\n    assert user is not None, "user must not be None"\n    return user.name\n',
    );
  });

  it('writes arrow functions with block or concise bodies, with or without parentheses', () => {
    const all = takes('convert to arrow function', 'function double(x) {\n  return x * 2;\n}\n');
    expect(all).toEqual([
      'const double = (x) => {\n  return x * 2;\n};\n',
      'const double = (x) => x * 2;\n',
      'const double = x => {\n  return x * 2;\n};\n',
      'const double = x => x * 2;\n',
    ]);
  });

  it('converts to async/await with or without error handling, and types from use or from names', () => {
    const chain = 'function getUser(id) {\n  return load(id).then((res) => res.json());\n}\n';
    expect(takes('convert to async/await', chain, 2)[1]).toBe(
      'async function getUser(id) {\n  try {\n    const res = await load(id);\n    return res.json();\n' +
        "  } catch (error) {\n    throw new Error('getUser failed', { cause: error });\n  }\n}\n",
    );
    const untyped = 'function f(item, x, count) {\n  return item.price * x;\n}\n';
    const typed = takes('add types', untyped, 3);
    expect(typed[1]).toContain('function f(item: { price: number }, x: number, count: unknown)');
    expect(typed[2]).toContain('function f(item: unknown, x: unknown, count: number)');
  });

  it('says it did not understand in different notes, and labels takes it could not find', () => {
    const all = takes('make it faster', '  run();\n');
    expect(new Set(all).size).toBe(4);
    expect(all[1]).toBe(`  run();\n// ${SIM_LABEL} did not understand "make it faster"; the code above is unchanged\n`);
    expect(all[2]).toContain('It can: rename X to Y');
    expect(all[3]).toContain(`${SIM_LABEL} alternative 4: no other take found`);
    for (const text of all) expect(text).toContain('  run();\n');
    const nothing = takes('add a doc comment', 'x = 1;\n', 3);
    expect(nothing[0]).toBe(`// ${SIM_LABEL} found nothing to change for: "doc comment"\nx = 1;\n`);
    expect(nothing[2]).toBe(
      `// ${SIM_LABEL} alternative 3: no other take found; the same as alternative 1\n` + nothing[0],
    );
  });

  it('continues or restarts a partial of its own take after a redirect', () => {
    const third = takes('rename total to sum', cart)[2]!;
    const more = { alternative: { index: 2, of: 4 }, partial: third.slice(0, 40) };
    expect(more.partial).toContain('function cartSum');
    expect(answerAlternative(request('rename total to sum', cart, more))).toBe(third.slice(40));
    const redirected = answerAlternative(
      request('rename total to sum', cart, { ...more, correction: 'call it amount' }),
    );
    expect(redirected.startsWith(`${RESTART_MARKER}\n// the total in cents\nfunction cartAmount(items) {`)).toBe(true);
  });
});
