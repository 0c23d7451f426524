import { describe, expect, it } from 'vitest';
import { formatEditRequest, RESTART_MARKER, type EditRequest } from '../formats/editRequest';
import { answerQuestion, kindOf } from './answers';
import { respond } from './respond';
import { answerEdit, SIM_LABEL } from './rewrites';
import type { SimMessage } from './simRequest';
import { editFromConversation } from './steeredEdit';

const cart = [
  'export function formatTotal(items: CartItem[], discount: number): string {',
  '  const subtotal = items.reduce((sum, item) => sum + item.price * item.qty, 0);',
  '  const total = subtotal - discount;',
  '  return `$${total.toFixed(2)}`;',
  '}',
].join('\n');

const ask = (question: string, more: Partial<EditRequest> = {}): Required<EditRequest> => ({
  instruction: question,
  path: 'src/cart.ts',
  language: 'typescript',
  code: cart,
  partial: null,
  correction: null,
  intent: 'answer',
  alternative: null,
  context: null,
  firstLine: null,
  ...more,
});
const answer = (question: string, more: Partial<EditRequest> = {}) => answerQuestion(ask(question, more));
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const say = (role: string, content: string): SimMessage => ({ role, content, toolCalls: [], toolCallId: null });

describe('answerQuestion', () => {
  it('recognises the kinds of question', () => {
    expect(kindOf('what does this return for an empty list?')).toBe('empty');
    expect(kindOf('why does this print -$0.05?')).toBe('sign');
    expect(kindOf('why do I get NaN here')).toBe('sign');
    expect(kindOf('explain this')).toBe('explain');
    expect(kindOf('What does this do?')).toBe('explain');
    expect(kindOf('how do I support coupons?')).toBe('other');
  });

  it('explains why a cart total prints -$0.05: the unclamped subtraction, quoted, with a fix', () => {
    const text = answer('why does this print -$0.05?');
    expect(text.startsWith(`${SIM_LABEL} It prints a negative amount because line 3 subtracts`)).toBe(true);
    expect(text).toContain('whenever `discount` is larger than `subtotal` (here by $0.05)');
    expect(text).toContain('```typescript\nconst total = subtotal - discount;\n```');
    expect(text).toContain('floating-point arithmetic on money');
    expect(text).toContain('```typescript\nconst total = Math.max(0, subtotal - discount);\n```');
    expect(words(text)).toBeGreaterThanOrEqual(60);
    expect(words(text)).toBeLessThanOrEqual(200);
    expect(answer('why does this print -$0.05?')).toBe(text); // deterministic
  });

  it('explains a function: its name, parameters, steps and what it returns, with the key line', () => {
    const text = answer('explain this');
    expect(text).toContain('`formatTotal(items, discount)` loops with `reduce` over `items` (line 2)');
    expect(text).toContain('computes `subtotal` and `total`, then returns');
    expect(text).toContain('- line 3: `const total = subtotal - discount;`');
    expect(text).toContain('```typescript\nreturn `$${total.toFixed(2)}`;\n```');
  });

  it('says what an empty list gives, following the initial value to the return', () => {
    const text = answer('what does this return for an empty cart?');
    expect(text).toContain('the `reduce` on line 2 never calls its callback and gives its initial value, `0`');
    expect(text).toContain('`total` is then `0 - discount` (negative for any positive `discount`)');
    const loop =
      'function sumAll(xs) {\n  let total = 0;\n  for (const x of xs) {\n    total += x;\n  }\n  return total;\n}';
    expect(answer('what does sumAll give for []?', { code: loop })).toContain(
      'For an empty `xs`, the loop on line 3 never runs, so `total` keeps its starting value `0`. It returns `0`.',
    );
    const average = 'def average(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total / len(xs)';
    const py = answer('what if the list is empty?', { code: average, language: 'python', path: 'a.py' });
    expect(py).toContain('But line 5 divides by `len(…)`, `0`: a `ZeroDivisionError`');
    expect(py).toContain('```python\ntotal = 0\n');
    const bare = 'const max = (xs) => xs.reduce((a, b) => Math.max(a, b));';
    const thrown = answer('what does this return for an empty list?', { code: bare });
    expect(thrown).toContain('`TypeError: Reduce of empty array with no initial value`');
    expect(thrown).toContain('xs.reduce((a, b) => Math.max(a, b), 0);');
  });

  it('traces NaN to a division', () => {
    const code = 'function mean(xs) {\n  const total = xs.reduce((a, b) => a + b, 0);\n  return total / xs.length;\n}';
    expect(answer('why is this NaN?', { code })).toContain('`NaN` comes from the division on line 3');
  });

  it('answers anything else honestly, grounded in the code, and points at edits it can make', () => {
    const text = answer('how do I support coupons?');
    expect(text).toContain('not reason about “how do I support coupons?”: that needs a real model');
    expect(text).toContain('`formatTotal(items, discount)` returns');
    expect(answer('how do I add a null check for items?')).toContain(
      'That is an edit the simulated model can make: send it as an instruction',
    );
    expect(answer('where is the discount applied?')).toContain(
      'The lines closest to your question:\n\n```typescript\nexport function formatTotal',
    );
  });

  it('follows a correction: shorter, with an example, focused, or a new question', () => {
    const partial = answer('explain this').slice(0, 200);
    const shorter = answer('why does this print -$0.05?', { partial, correction: 'shorter' });
    expect(shorter.startsWith(`${RESTART_MARKER}\n${SIM_LABEL} It prints a negative amount`)).toBe(true);
    expect(shorter).not.toContain('```');
    const example = answer('why does this print -$0.05?', { correction: 'show an example' });
    expect(example).toContain('For example:\n\n```typescript\n// subtotal = 1.95, discount = 2.00\n');
    const two = `${cart}\nfunction double(x) {\n  return x * 2;\n}`;
    const focused = answer('explain this', { code: two, correction: 'focus on double' });
    expect(focused).toContain('`double(x)` returns `x * 2`.');
    expect(focused).not.toContain('formatTotal');
    expect(answer('explain this', { correction: 'what about an empty cart?' })).toContain('initial value, `0`');
    expect(answer('explain this', { correction: 'in french' })).toContain('cannot follow “in french”');
  });

  it('continues a partial answer that the new answer still starts with', () => {
    const full = answer('why does this print -$0.05?', { correction: 'in one sentence' });
    expect(answer('why does this print -$0.05?', { correction: 'in one sentence', partial: full.slice(0, 40) })).toBe(
      full.slice(40),
    );
  });

  it('turns an answer into an edit: "apply this" with the answer as context applies its fix', () => {
    const given = answer('why does this print -$0.05?');
    const edit = { ...ask('apply this'), intent: 'edit' as const, context: given };
    expect(answerEdit(edit)).toBe(cart.replace('= subtotal - discount', '= Math.max(0, subtotal - discount)'));
    expect(answerEdit({ ...edit, context: 'no code here' })).toContain('did not understand: "apply this"');
  });

  it('is what the simulator answers, over a plain request and a native steer', () => {
    const request = (messages: SimMessage[]) =>
      respond({
        model: 'sim-fast',
        stream: true,
        includeUsage: false,
        messages,
        toolNames: [],
        parallelToolCalls: true,
        prediction: null,
      });
    const asked = say('user', formatEditRequest(ask('why does this print -$0.05?')));
    const first = request([asked]);
    expect(first).toMatchObject({ kind: 'text', text: answer('why does this print -$0.05?') });
    const shown = answer('why does this print -$0.05?').slice(0, 300);
    const steered = [asked, say('assistant', shown), say('user', '<correction>shorter</correction>')];
    expect(editFromConversation(steered)).toMatchObject({ intent: 'answer', partial: shown, correction: 'shorter' });
    const next = request(steered);
    expect(next).toMatchObject({ kind: 'text' });
    expect(next.kind === 'text' && next.text).toBe(
      `${RESTART_MARKER}\n${answer('why does this print -$0.05?', { correction: 'shorter' })}`,
    );
  });

  it('names the lines of the file, not of the range', () => {
    const fromTop = answer('why does this print -$0.05?');
    const inFile = answer('why does this print -$0.05?', { firstLine: 21 });
    expect(fromTop).toContain('line 3 subtracts');
    expect(inFile).toContain('line 23 subtracts');
  });
});
