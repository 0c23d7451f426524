// Shared by the models tests: what each replay fixture must parse to, a collector that folds
// a stream of events into one result to compare against, and a lane aimed at a simulated server.
import type { LaneConfig } from './config';
import type { ModelError } from './errors';
import type { FinishReason, ModelStreamEvent, ParsedStreamEvent, Usage } from './types';

export type Collected = {
  text: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  finish: FinishReason | null;
  usage: Usage | null;
  error: ModelError | null;
  streamError: string | null;
};

export function fold(events: Iterable<ParsedStreamEvent | ModelStreamEvent>, into?: Collected): Collected {
  const out: Collected = into ?? { text: '', toolCalls: [], finish: null, usage: null, error: null, streamError: null };
  for (const e of events) {
    if (e.type === 'text') out.text += e.text;
    else if (e.type === 'tool-call') out.toolCalls.push({ id: e.id, name: e.name, arguments: e.arguments });
    else if (e.type === 'finish') out.finish = e.reason;
    else if (e.type === 'usage') out.usage = e.usage;
    else if (e.type === 'error') out.error = e.error;
    else if (e.type === 'stream-error') out.streamError = e.message;
    else if (e.type === 'malformed' || e.type === 'truncated') out.streamError = e.type;
  }
  return out;
}

export async function collect(
  stream: AsyncIterable<ModelStreamEvent>,
): Promise<Collected & { events: ModelStreamEvent[] }> {
  const events: ModelStreamEvent[] = [];
  for await (const e of stream) events.push(e);
  return { ...fold(events), events };
}

/** A strong lane at `baseUrl` (a simulated server the test started), with roomy limits and no key. */
export function simLane(baseUrl: string, overrides: Partial<LaneConfig> = {}): LaneConfig {
  return {
    lane: 'strong',
    baseUrl,
    model: 'sim-strong',
    apiKey: null,
    apiKeySource: null,
    simulated: false,
    ttftTimeoutMs: 5_000,
    stallTimeoutMs: 5_000,
    completeTimeoutMs: 5_000,
    maxConnections: 2,
    api: 'chat',
    transport: 'http',
    prediction: false,
    parallelToolCalls: null,
    ...overrides,
  };
}

type Expected = Partial<Omit<Collected, 'error'>> & { errorIncludes?: string };

const usage = (promptTokens: number, completionTokens: number, totalTokens: number): Usage => ({
  promptTokens,
  completionTokens,
  totalTokens,
});

export const FIXTURE_EXPECTATIONS: Record<string, Expected> = {
  'openai-text': {
    text: 'const sum = prices.reduce((a, b) => a + b, 0); // Σ of prices 💶 — café 日本語\n',
    finish: 'stop',
    usage: usage(25, 14, 39),
  },
  'openai-tools': {
    text: '',
    toolCalls: [
      { id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'read_file', arguments: '{"path": "src/app.ts"}' },
      { id: 'call_q0Zc3Xr1b2LwS9aT4yKd8vPe', name: 'read_file', arguments: '{"path": "src/ütil.ts"}' },
    ],
    finish: 'tool_calls',
    usage: usage(120, 38, 158),
  },
  'openai-error': { text: 'let x', finish: null, errorIncludes: 'The server had an error' },
  'ollama-text': { text: 'def area(r):\n    return π * r**2\n', finish: 'stop', usage: usage(33, 9, 42) },
  'ollama-tools': {
    toolCalls: [
      { id: 'call_n7f3kq2d', name: 'read_file', arguments: '{"path":"src/app.ts"}' },
      { id: 'call_x91mz0aa', name: 'search', arguments: '{"query":"total — Σ"}' },
    ],
    finish: 'tool_calls',
    usage: usage(180, 42, 222),
  },
  'vllm-text': {
    text: 'export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0); // ✓\n',
    finish: 'stop',
    usage: usage(30, 15, 45),
  },
  'vllm-error': { text: 'import', finish: null, errorIncludes: 'CUDA out of memory' },
  'llamacpp-text': {
    text: 'fn main() {\n    println!("héllo wörld 🦀");\n}\n',
    finish: 'stop',
    usage: usage(40, 12, 52),
  },
  'llamacpp-tools': {
    toolCalls: [{ id: 'Hk2bXw9Qe1', name: 'run_command', arguments: '{"command": "npm test -- --grep \\"Σ\\""}' }],
    finish: 'tool_calls',
    usage: usage(210, 14, 224),
  },
  'cerebras-text': { text: 'const label = "Größe → size";\n', finish: 'stop', usage: usage(18, 7, 25) },
  'cerebras-tools': {
    toolCalls: [
      { id: 'call_7b1f0e', name: 'list_files', arguments: '{"path":"."}' },
      { id: 'call_9d2a4c', name: 'search', arguments: '{"query":"naïve"}' },
    ],
    finish: 'tool_calls',
    usage: usage(95, 20, 115),
  },
};
