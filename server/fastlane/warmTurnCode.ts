// Why: a server's first fast turn ran its prompt building and output handling for the first time
// while the person waited (issue 16: on a loaded machine the process's first turn took 30-60 ms
// more between reading the prompt history and sending the model request than the next ones). The
// first `fast/prewarm` (an instruction box opening) runs that code once on a made-up request: no
// model call, no I/O, nothing sent or stored.
import { GhostOutput } from './ghostOutput';
import { OutputFilter } from './outputFilter';
import { buildEditMessages } from './prompt';

const CODE = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
const ANSWER = ['```ts\n', '/** Adds two numbers. */\n', CODE, '```\n'];

/** The rewrite the made-up request's answer gives (what a turn's output would hold). */
export function warmTurnCode(): string {
  buildEditMessages({
    instruction: 'add a doc comment',
    path: 'warm-up.ts',
    language: 'typescript',
    code: CODE,
    before: '',
    after: '',
    history: [{ instruction: 'rename a to x', redirects: [], outcome: 'rejected' }],
    partial: null,
    correction: null,
    intent: 'edit',
    alternative: null,
    context: null,
    firstLine: 1,
  });
  const filter = new OutputFilter();
  const output = new GhostOutput();
  for (const chunk of ANSWER) output.append(filter.push(chunk));
  output.append(filter.finish(true));
  output.end();
  return output.text;
}
