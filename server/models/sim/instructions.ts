// The small, documented set of instructions the simulated model understands (docs/models.md).
// Parsing is a pure function of the text; anything else is `unknown`, and the rewrite then says so.
export type Instruction =
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'doc-comment' }
  | { kind: 'arrow-function' }
  | { kind: 'async-await' }
  | { kind: 'null-check'; name: string }
  | { kind: 'string-case'; upper: boolean }
  | { kind: 'add-types' }
  | { kind: 'unknown'; text: string };

const ID = '`?([A-Za-z_$][\\w$]*)`?';

const PATTERNS: [RegExp, (m: RegExpMatchArray) => Instruction][] = [
  [
    new RegExp(`\\brename\\s+(?:the\\s+)?(?:\\w+\\s+)?${ID}\\s+(?:to|as|into)\\s+${ID}`, 'i'),
    (m) => ({ kind: 'rename', from: m[1]!, to: m[2]! }),
  ],
  [
    new RegExp(
      `\\bnull[\\s-]*(?:check|guard)\\s+(?:for|on|to)\\s+(?:the\\s+)?(?:parameter\\s+|argument\\s+)?${ID}`,
      'i',
    ),
    (m) => ({ kind: 'null-check', name: m[1]! }),
  ],
  [
    /\b(?:add|write)\s+(?:a\s+)?(?:js)?doc(?:string|s)?(?:\s+comments?)?\b|\bdocument\s+(?:this|it|the)\b|\badd\s+(?:a\s+)?documentation\b/i,
    () => ({ kind: 'doc-comment' }),
  ],
  [/\barrow\s+functions?\b/i, () => ({ kind: 'arrow-function' })],
  [
    /\basync\s*(?:\/|and\s+)?\s*await\b|\buse\s+await\b|\bremove\s+(?:the\s+)?\.?then\b/i,
    () => ({ kind: 'async-await' }),
  ],
  [
    /\b(upper|lower)[\s-]?case\b.*\bstrings?\b|\bstrings?\b.*\b(upper|lower)[\s-]?case\b/i,
    (m) => ({ kind: 'string-case', upper: (m[1] ?? m[2]!).toLowerCase() === 'upper' }),
  ],
  [
    /\badd\s+(?:type\s+annotations|types|typings)\b|\btype\s+(?:the\s+)?param(?:eter)?s\b/i,
    () => ({ kind: 'add-types' }),
  ],
];

export function parseInstruction(text: string): Instruction {
  for (const [pattern, build] of PATTERNS) {
    const m = text.match(pattern);
    if (m) return build(m);
  }
  return { kind: 'unknown', text: text.trim() };
}

/**
 * A redirect's correction replaces the instruction when it is one by itself ("make strings lower
 * case"), or refines a rename ("no, call it amount") — otherwise it is not understood.
 */
export function applyCorrection(original: Instruction, correction: string): Instruction {
  const parsed = parseInstruction(correction);
  if (parsed.kind !== 'unknown' || original.kind !== 'rename') return parsed;
  const m = correction.match(new RegExp(`\\b(?:call\\s+it|name\\s+it|use|to|rather|instead)\\s+${ID}`, 'i'));
  return m ? { kind: 'rename', from: original.from, to: m[1]! } : parsed;
}

export function describeInstruction(instruction: Instruction): string {
  switch (instruction.kind) {
    case 'rename':
      return `renamed ${instruction.from} to ${instruction.to}`;
    case 'doc-comment':
      return 'added a doc comment';
    case 'arrow-function':
      return 'converted function declarations to arrow functions';
    case 'async-await':
      return 'converted .then() chains to async/await';
    case 'null-check':
      return `added a null check for ${instruction.name}`;
    case 'string-case':
      return `made string literals ${instruction.upper ? 'upper' : 'lower'} case`;
    case 'add-types':
      return 'added type annotations to untyped parameters';
    case 'unknown':
      return `did not understand "${instruction.text}"`;
  }
}
