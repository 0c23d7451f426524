// Test support for the simulator's Responses tests: one edit request they all send (a rename over
// generated lines), so the HTTP and WebSocket tests compare the same answers.
import { formatEditRequest } from '../formats/editRequest';

export const code = (lines: number) =>
  Array.from({ length: lines }, (_, i) => `const total${i % 7} = total + ${i}; // line ${i}`).join('\n');

export const edit = (lines = 3, partial: string | null = null, correction: string | null = null) =>
  formatEditRequest({
    instruction: 'rename total to sum',
    path: 'a.ts',
    language: 'typescript',
    code: code(lines),
    partial,
    correction,
  });
