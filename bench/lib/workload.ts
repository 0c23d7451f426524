// Why: Tandem and the peer must ask the simulated model the same thing about the same code, so the
// model does the same work for both: deterministic TypeScript files, one instruction the simulator
// understands (a rename), and the fast lane's own prompt, which the peer sends as chat messages.
import { buildEditMessages } from '../../server/fastlane/prompt';

/** Long streams (delivery, render, scale): a rename keeps the answer as long as the code. */
export const INSTRUCTION = 'rename limit to cap';
/** Turns (first token, first paint, interrupt): the answer's first token is new text, so it shows. */
export const TURN_INSTRUCTION = 'add a doc comment';
/** The redirect of a turn: it changes the answer from its first character, so the first new token shows. */
export const CORRECTION = 'rename limit to cap';

export const FILES = { turn: 'src/turn.ts', large: 'src/large.ts', render: 'src/render.ts' } as const;
export const LARGE_LINES = 2000;
export const RENDER_LINES = 500;
export const TURN_LINES = 60;

/** `count` lines of code, about 8.5 tokens a line. */
export function codeLines(count: number): string[] {
  const lines: string[] = [];
  for (let k = 0; lines.length < count; k++) {
    lines.push(
      `export function step${k}(items: Item[], limit: number): number {`,
      `  let total${k} = 0;`,
      `  for (let index = 0; index < items.length; index++) {`,
      `    const weight = items[index].weight * ${k + 1};`,
      `    total${k} += weight > limit ? weight - limit : weight;`,
      `  }`,
      `  // keep the running total within bounds for step ${k}`,
      `  return Math.min(total${k}, ${1000 + k});`,
      `}`,
      ``,
    );
  }
  return lines.slice(0, count);
}

export function workspaceFiles(): Record<string, string> {
  return {
    [FILES.turn]: codeLines(TURN_LINES).join('\n'),
    [FILES.large]: codeLines(LARGE_LINES).join('\n'),
    [FILES.render]: codeLines(RENDER_LINES).join('\n'),
  };
}

/** Lines of `LARGE` to select for about `tokens` tokens of answer. */
export function linesForTokens(tokens: number): number {
  return Math.max(10, Math.min(LARGE_LINES, Math.round(tokens / 9)));
}

export type PeerPrompt = { system: string; context: string; text: string };

/** The fast lane's prompt for lines [start, end] of `file`, as the peer sends it. */
export function peerPrompt(
  file: string,
  path: string,
  range: { startLine: number; endLine: number },
  instruction: string,
  redirect?: { partial: string; correction: string },
): PeerPrompt {
  const lines = file.split('\n');
  const [system, context, request] = buildEditMessages({
    instruction,
    path,
    language: 'typescript',
    code: lines.slice(range.startLine - 1, range.endLine).join('\n'),
    before: lines.slice(Math.max(0, range.startLine - 31), range.startLine - 1).join('\n'),
    after: lines.slice(range.endLine, range.endLine + 30).join('\n'),
    history: [],
    partial: redirect?.partial ?? null,
    intent: 'edit',
    alternative: null,
    context: null,
    firstLine: range.startLine,
    correction: redirect?.correction ?? null,
  });
  return { system: system!.content as string, context: context!.content as string, text: request!.content as string };
}
