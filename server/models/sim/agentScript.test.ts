// The scripted strong model driving a whole agent loop over real HTTP through the real adapter,
// with the tools played by this test against an in-memory workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvider, type ModelProvider } from '../provider';
import { collect, simLane } from '../testSupport';
import type { LaneConfig } from '../config';
import type { ChatMessage } from '../types';
import { findPaths } from './agentScript';
import { AGENT_TOOL, AGENT_TOOL_DEFINITIONS } from '../formats/agentTools';
import { buildPatch, PATCH_FORMAT } from '../formats/patchFormat';
import { startSimServer, type SimServer } from './server';

/** A minimal apply_patch for the test: each hunk's old lines are found and replaced. */
function applyPatch(files: Map<string, string>, patch: string): string {
  const lines = patch.trimEnd().split('\n');
  if (lines[0] !== PATCH_FORMAT.begin || lines.at(-1) !== PATCH_FORMAT.end) return 'error: not a patch envelope';
  let path = '';
  let hunk: string[] = [];
  const flush = () => {
    if (hunk.length === 0) return;
    const old = hunk
      .filter((l) => !l.startsWith('+'))
      .map((l) => l.slice(1))
      .join('\n');
    const neu = hunk
      .filter((l) => !l.startsWith('-'))
      .map((l) => l.slice(1))
      .join('\n');
    const text = files.get(path)!;
    if (!text.includes(old)) throw new Error(`hunk does not apply to ${path}`);
    files.set(path, text.replace(old, neu));
    hunk = [];
  };
  for (const line of lines.slice(1, -1)) {
    if (line.startsWith(PATCH_FORMAT.updateFile)) {
      flush();
      path = line.slice(PATCH_FORMAT.updateFile.length);
    } else if (line === PATCH_FORMAT.hunk) flush();
    else hunk.push(line);
  }
  flush();
  return 'Done: patch applied';
}

/** The search tool's answer format: `path:line: text` per matching line. */
function search(files: Map<string, string>, query: string): string {
  const hits = [...files].flatMap(([path, text]) =>
    text.split('\n').flatMap((line, i) => (line.includes(query) ? [`${path}:${i + 1}: ${line}`] : [])),
  );
  return hits.length ? hits.join('\n') : `no match for ${JSON.stringify(query)}`;
}

let sim: SimServer;
let strong: ModelProvider;
beforeAll(async () => {
  sim = await startSimServer({ profiles: { 'sim-strong': { ttftMs: 0, tokensPerSecond: 50_000 } } });
  strong = createProvider(simLane(sim.baseUrl));
});
afterAll(async () => {
  await strong.close();
  await sim.close();
});

type AgentRun = { transcript: string[]; final: string; callsPerAnswer: number[]; patches: string[] };

async function runAgent(task: string, files: Map<string, string>, provider = strong): Promise<AgentRun> {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are a coding agent. Validation command: npm test' },
    { role: 'user', content: task },
  ];
  const transcript: string[] = [];
  const callsPerAnswer: number[] = [];
  const patches: string[] = [];
  for (let turn = 0; turn < 40; turn++) {
    const got = await collect(provider.stream({ messages, tools: AGENT_TOOL_DEFINITIONS }));
    expect(got.error).toBeNull();
    if (got.finish === 'stop') return { transcript, final: got.text, callsPerAnswer, patches };
    expect(got.finish).toBe('tool_calls');
    callsPerAnswer.push(got.toolCalls.length);
    messages.push({
      role: 'assistant',
      content: null,
      tool_calls: got.toolCalls.map((c) => ({
        id: c.id,
        type: 'function',
        function: { name: c.name, arguments: c.arguments },
      })),
    });
    for (const c of got.toolCalls) {
      const args = JSON.parse(c.arguments) as Record<string, string>;
      transcript.push(`${c.name} ${args.path ?? args.command ?? args.query ?? ''}`.trim());
      let result: string;
      if (c.name === AGENT_TOOL.listFiles) result = [...files.keys()].join('\n');
      else if (c.name === AGENT_TOOL.search) result = search(files, args.query!);
      else if (c.name === AGENT_TOOL.readFile) result = files.get(args.path!) ?? `error: no file ${args.path}`;
      else if (c.name === AGENT_TOOL.applyPatch) {
        patches.push(args.patch!);
        result = applyPatch(files, args.patch!);
      } else if (c.name === AGENT_TOOL.runCommand) result = 'PASS 3 tests\nexit code 0';
      else result = 'error: unexpected tool';
      messages.push({ role: 'tool', tool_call_id: c.id, content: result });
    }
  }
  throw new Error('the agent did not finish');
}

describe('simulated agent', () => {
  it('reads the named files, patches them, runs the validation command, and summarises', async () => {
    const files = new Map([
      ['src/app.ts', 'import { add } from "./util";\nlet total = 0;\ntotal = add(total, 1);\nexport { total };\n'],
      ['src/util.ts', 'export function add(total: number, x: number) {\n  return total + x;\n}\n'],
      ['src/other.ts', 'export const total = 1;\n'],
    ]);
    const { transcript, final } = await runAgent('Rename total to sum in src/app.ts and src/util.ts.', files);
    expect(transcript).toEqual([
      'read_file src/app.ts',
      'read_file src/util.ts',
      'apply_patch',
      'run_command npm test',
    ]);
    expect(files.get('src/app.ts')).toBe(
      'import { add } from "./util";\nlet sum = 0;\nsum = add(sum, 1);\nexport { sum };\n',
    );
    expect(files.get('src/util.ts')).toBe('export function add(sum: number, x: number) {\n  return sum + x;\n}\n');
    expect(files.get('src/other.ts')).toBe('export const total = 1;\n');
    expect(final).toBe(
      '[simulated model] I renamed total to sum in src/app.ts, src/util.ts. Ran `npm test`: exit code 0.',
    );
  });

  it('renames across all files: searches for the name, patches every file that uses it, and says where', async () => {
    const files = new Map([
      ['src/format.ts', 'export function formatCents(c: number) {\n  return `${c}`;\n}\n'],
      ['src/cart.ts', 'import { formatCents } from "./format";\nexport const show = (c: number) => formatCents(c);\n'],
      ['README.md', 'Prices go through "formatCents".\n'],
      ['src/other.ts', 'export const total = 1;\n'],
    ]);
    const { transcript, final } = await runAgent(
      'Rename formatCents to formatMoney across all files.\n\nFiles in scope: src/format.ts',
      files,
    );
    expect(transcript).toEqual([
      'search formatCents',
      'read_file src/format.ts',
      'read_file src/cart.ts',
      'read_file README.md',
      'apply_patch',
      'run_command npm test',
    ]);
    expect(files.get('src/format.ts')).toBe('export function formatMoney(c: number) {\n  return `${c}`;\n}\n');
    expect(files.get('src/cart.ts')).toBe(
      'import { formatMoney } from "./format";\nexport const show = (c: number) => formatMoney(c);\n',
    );
    expect(files.get('README.md')).toBe('Prices go through "formatCents".\n');
    expect(final).toBe(
      '[simulated model] I renamed formatCents to formatMoney in src/format.ts, src/cart.ts. ' +
        'formatCents also appears in README.md, ' +
        'but not as that name in code (strings, comments or longer names), so I left it there. ' +
        'Ran `npm test`: exit code 0.',
    );
  });

  it('a named file keeps a rename to that file, and a name nobody uses changes nothing', async () => {
    const files = new Map([
      ['src/a.ts', 'export const total = 1;\n'],
      ['src/b.ts', 'import { total } from "./a";\n'],
    ]);
    const scoped = await runAgent('rename total to sum in src/a.ts', files);
    expect(scoped.transcript).toEqual(['read_file src/a.ts', 'apply_patch', 'run_command npm test']);
    expect(files.get('src/b.ts')).toBe('import { total } from "./a";\n');
    const nobody = await runAgent('rename missing to found everywhere', files);
    expect(nobody.transcript).toEqual(['search missing']);
    expect(nobody.final).toBe('[simulated model] No file uses missing, so I changed nothing.');
  });

  it('lists files when the task names none', async () => {
    const files = new Map([
      ['lib/a.js', 'function f(x) {\n  return x;\n}\n'],
      ['README.md', '# hi\n'],
    ]);
    const { transcript, final } = await runAgent('convert to arrow function', files);
    expect(transcript.slice(0, 3)).toEqual(['list_files .', 'read_file lib/a.js', 'read_file README.md']);
    expect(files.get('lib/a.js')).toBe('const f = (x) => {\n  return x;\n};\n');
    expect(final).toContain('converted function declarations to arrow functions in lib/a.js');
  });

  it('says so when it does not understand the task', async () => {
    const { transcript, final } = await runAgent('make src/a.ts faster', new Map([['src/a.ts', 'x();\n']]));
    expect(transcript).toEqual(['read_file src/a.ts']);
    expect(final).toContain('did not understand');
  });
});

describe('agent helpers', () => {
  it('finds paths in a task', () => {
    expect(findPaths('fix src/app.ts, lib/x.test.tsx and "a.py" (not e.g. or v1.2)')).toEqual([
      'src/app.ts',
      'lib/x.test.tsx',
      'a.py',
    ]);
  });

  it('builds hunks with context in the apply_patch envelope', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const after = before.replace('line 2\n', 'line two\n').replace('line 17\n', 'line 17\nadded\n');
    expect(buildPatch([{ path: 'f.txt', before, after }])).toBe(
      [
        '*** Begin Patch',
        '*** Update File: f.txt',
        '@@',
        ' line 0',
        ' line 1',
        '-line 2',
        '+line two',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@',
        ' line 15',
        ' line 16',
        ' line 17',
        '+added',
        ' line 18',
        ' line 19',
        '*** End Patch',
        '',
      ].join('\n'),
    );
  });
});

/** Tasks with several files to read, each with the workspace it runs on. */
const SEQUENTIAL_CASES: [string, () => Map<string, string>][] = [
  [
    'Rename formatCents to formatMoney across all files.\n\nFiles in scope: src/format.ts',
    () =>
      new Map([
        ['src/format.ts', 'export function formatCents(c: number) {\n  return `${c}`;\n}\n'],
        [
          'src/cart.ts',
          'import { formatCents } from "./format";\nexport const show = (c: number) => formatCents(c);\n',
        ],
        ['README.md', 'Prices go through "formatCents".\n'],
        ...Array.from(
          { length: 6 },
          (_, i) => [`src/use${i}.ts`, `export const u${i} = formatCents(${i});\n`] as const,
        ),
      ]),
  ],
  [
    'Rename total to sum in src/app.ts and src/util.ts.',
    () =>
      new Map([
        ['src/app.ts', 'let total = 0;\ntotal += 1;\n'],
        ['src/util.ts', 'export const add = (total: number) => total + 1;\n'],
      ]),
  ],
  [
    'convert to arrow function',
    () =>
      new Map([
        ['lib/a.js', 'function f(x) {\n  return x;\n}\n'],
        ['lib/b.js', 'function g(y) {\n  return y;\n}\n'],
        ['README.md', '# hi\n'],
      ]),
  ],
];

describe('simulated agent with parallel_tool_calls: false', () => {
  const over: [string, Partial<LaneConfig>][] = [
    ['chat completions', {}],
    ['the Responses API over HTTP', { api: 'responses', transport: 'http' }],
    ['the Responses API over WebSocket', { api: 'responses', transport: 'websocket' }],
  ];

  it.each(over)('makes one call per answer over %s and ends as the parallel run does', async (_, lane) => {
    const sequential = createProvider(simLane(sim.baseUrl, { ...lane, parallelToolCalls: false }));
    try {
      for (const [task, workspace] of SEQUENTIAL_CASES) {
        const parallelFiles = workspace();
        const parallel = await runAgent(task, parallelFiles);
        expect(Math.max(...parallel.callsPerAnswer)).toBeGreaterThan(1);
        const since = sim.requests.at(-1)?.id ?? 0;
        const oneByOne = workspace();
        const got = await runAgent(task, oneByOne, sequential);
        expect(got.callsPerAnswer.every((n) => n === 1)).toBe(true);
        expect(got.transcript).toEqual(parallel.transcript);
        expect(got.patches).toHaveLength(1);
        expect(got.patches).toEqual(parallel.patches);
        expect(got.final).toBe(parallel.final);
        expect(oneByOne).toEqual(parallelFiles);
        const bodies = sim.requests.filter((r) => r.id > since).map((r) => r.body as Record<string, unknown>);
        expect(bodies.length).toBeGreaterThan(0);
        for (const body of bodies) expect(body.parallel_tool_calls).toBe(false);
      }
    } finally {
      await sequential.close();
    }
  });
});
