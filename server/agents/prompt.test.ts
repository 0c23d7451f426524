import { describe, expect, it } from 'vitest';
import { findPaths } from '../models/sim/agentScript';
import { VALIDATION_COMMAND_PATTERN } from '../models/formats/agentTools';
import { buildRunMessages, type RunPromptInput } from './prompt';

const input: RunPromptInput = {
  instruction: 'rename total to sum',
  files: ['src/cart.ts', 'src/format.ts'],
  selection: {
    path: 'src/cart.ts',
    startLine: 14,
    endLine: 15,
    text: 'export function cartTotal() {\n  let total = 0;',
  },
  validation: { command: 'npm test', source: 'package.json' },
  context: null,
  maxSteps: 40,
};

describe('buildRunMessages', () => {
  it('names the validation command on a line of its own, as the simulated model reads it', () => {
    const [system, user] = buildRunMessages(input);
    expect(system.role).toBe('system');
    expect(system.content.match(VALIDATION_COMMAND_PATTERN)?.[1]).toBe('npm test');
    expect(user.content.startsWith('rename total to sum\n\nFiles in scope: src/cart.ts, src/format.ts')).toBe(true);
    expect(findPaths(user.content)).toEqual(['src/cart.ts', 'src/format.ts']);
    expect(user.content).toContain(
      'Selected in src/cart.ts, lines 14-15:\n```\nexport function cartTotal() {\n  let total = 0;\n```',
    );
  });

  it('says plainly when there is no validation command (and names none)', () => {
    const [system] = buildRunMessages({ ...input, validation: { command: null, source: 'none' } });
    expect(system.content).toMatch(/No validation command is configured/);
    expect(system.content.match(VALIDATION_COMMAND_PATTERN)).toBeNull();
  });

  it('puts handoff context into the first user message', () => {
    const [, user] = buildRunMessages({
      ...input,
      selection: null,
      context: 'transcript: the person asked for X\npartial diff: …',
    });
    expect(
      user.content.endsWith(
        'Context from the session this run was handed off from:\ntranscript: the person asked for X\npartial diff: …',
      ),
    ).toBe(true);
  });
});
