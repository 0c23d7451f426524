// Why: the agent loop — ask the strong model, run the tools it calls in the snapshot, feed the
// results back — bounded by steps, tokens and the run's signal (cancel, shutdown, time limit), and
// recording every step as evidence: the model's words, each tool call with its input, output and
// duration, each command's output as it arrives.
import { randomUUID } from 'node:crypto';
import type { EvidenceDraft } from '../../lib/protocol';
import type { ModelError } from '../models/errors';
import type { ModelProvider } from '../models/provider';
import { AGENT_TOOL, AGENT_TOOL_DEFINITIONS } from '../models/formats/agentTools';
import type { ChatMessage } from '../models/types';
import { describeTokens, type TokenCount } from '../metrics/tokenCount';
import { commandNotRunYet } from './commandFacts';
import { LiveOutput } from './liveOutput';
import { ResponseChain } from '../models/responses/responseChain';
import { modelTurn } from './modelTurn';
import type { ApprovalAnswer } from './approvalDesk';
import type { CommandOutcome } from './sandbox/commandRunner';
import { truncateMiddle } from './sandbox/outputCapture';
import { MAX_COMMAND_CHARS } from './tools/runCommand';
import { callTool } from './tools/toolbox';

/** Characters of a tool's output the model gets back, and that one evidence entry keeps. */
export const TOOL_RESULT_CAP = 32_000;
export const EVIDENCE_CAP = 16_000;
const MAX_OUTPUT_TOKENS = 8192;

export type AgentLoopDeps = {
  provider: ModelProvider;
  messages: ChatMessage[];
  root: string;
  maxSteps: number;
  maxTokens: number;
  signal: AbortSignal;
  exec(command: string, signal: AbortSignal, onOutput: (chunk: string) => void): Promise<CommandOutcome>;
  evidence(draft: EvidenceDraft): void;
  /** Asks the run's approval policy (and a person, when it says ask) whether a command may run. */
  approve?(command: string, signal: AbortSignal, waiting: () => void): Promise<ApprovalAnswer>;
  progress(p: { steps?: number; tokens?: number; toolCalls?: number; last?: string }): void;
  /** Figures for /metrics: each model turn, each tool call. */
  report?: { turn(t: TokenCount & { ttftMs: number | null }): void; toolCall(ms: number): void };
};

/** `tokensEstimated`: some of `tokens` were estimated from characters (the provider sent no usage). */
export type LoopTimings = {
  modelMs: number;
  toolMs: number;
  harnessMs: number;
  steps: number;
  toolCalls: number;
  tokens: number;
  tokensEstimated: boolean;
};

export type AgentOutcome = (
  | { kind: 'finished'; summary: string }
  | { kind: 'limit'; reason: string }
  | { kind: 'model-error'; reason: string }
  | { kind: 'stopped' }
) & { timings: LoopTimings };

export async function runAgentLoop(deps: AgentLoopDeps): Promise<AgentOutcome> {
  const messages = [...deps.messages];
  // Over the Responses API's WebSocket mode each turn sends only what came after the model's answer.
  const chain = new ResponseChain();
  const started = performance.now();
  const t: LoopTimings = {
    modelMs: 0,
    toolMs: 0,
    harnessMs: 0,
    steps: 0,
    toolCalls: 0,
    tokens: 0,
    tokensEstimated: false,
  };
  const end = <O extends Omit<AgentOutcome, 'timings'>>(o: O) => {
    t.harnessMs = Math.max(0, performance.now() - started - t.modelMs - t.toolMs);
    return { ...o, timings: t } as AgentOutcome;
  };
  for (;;) {
    if (deps.signal.aborted) return end({ kind: 'stopped' });
    if (t.steps >= deps.maxSteps)
      return end({
        kind: 'limit',
        reason: `stopped after ${deps.maxSteps} model turns without finishing (the limit, TANDEM_RUN_MAX_STEPS)`,
      });
    if (t.tokens >= deps.maxTokens) {
      const limit = `the limit is ${deps.maxTokens.toLocaleString('en-US')}, TANDEM_RUN_MAX_TOKENS`;
      return end({
        kind: 'limit',
        reason: `stopped after using ${describeTokens(t.tokens, t.tokensEstimated)} (${limit})`,
      });
    }
    t.steps++;
    deps.progress({ steps: t.steps, last: 'thinking' });
    let turn;
    try {
      turn = await modelTurn(
        deps.provider,
        {
          messages,
          tools: AGENT_TOOL_DEFINITIONS,
          toolChoice: 'auto',
          temperature: 0,
          maxTokens: Math.min(MAX_OUTPUT_TOKENS, deps.maxTokens - t.tokens),
        },
        {
          signal: deps.signal,
          chain,
          onRetry: (e: ModelError, attempt, delayMs) =>
            deps.evidence(
              status(`The strong model failed (${e.message}); retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s.`),
            ),
        },
      );
    } catch (err) {
      if (deps.signal.aborted) return end({ kind: 'stopped' });
      return end({ kind: 'model-error', reason: `the strong model failed: ${(err as Error).message}` });
    }
    t.modelMs += turn.endedAt - turn.sentAt;
    t.tokens += turn.tokensIn + turn.tokensOut;
    t.tokensEstimated ||= turn.estimated;
    deps.report?.turn(turn);
    deps.progress({ tokens: t.tokens });
    if (turn.text.trim())
      deps.evidence({
        kind: 'message',
        itemId: randomUUID(),
        phase: 'completed',
        text: truncateMiddle(turn.text.trim(), EVIDENCE_CAP).text,
      });
    if (turn.toolCalls.length === 0) {
      if (turn.finish === 'length')
        return end({ kind: 'limit', reason: 'the model ran out of output tokens in the middle of its answer' });
      return end({ kind: 'finished', summary: turn.text.trim() || '(the model stopped without a summary)' });
    }
    messages.push({ role: 'assistant', content: turn.text || null, tool_calls: turn.toolCalls });
    let finished: string | null = null;
    for (const call of turn.toolCalls) {
      if (deps.signal.aborted) return end({ kind: 'stopped' });
      const name = call.function.name;
      if (name === AGENT_TOOL.finish) {
        finished = finishSummary(call.function.arguments);
        messages.push({ role: 'tool', tool_call_id: call.id, content: 'ok' });
        continue;
      }
      t.toolCalls++;
      const t0 = performance.now();
      const content = await runTool(deps, name, call.function.arguments);
      const ms = performance.now() - t0;
      t.toolMs += ms;
      deps.report?.toolCall(ms);
      deps.progress({ toolCalls: t.toolCalls });
      messages.push({ role: 'tool', tool_call_id: call.id, content });
    }
    if (finished !== null) return end({ kind: 'finished', summary: finished });
  }
}

function status(text: string): EvidenceDraft {
  return { kind: 'status', itemId: randomUUID(), phase: 'completed', text };
}

function finishSummary(args: string): string {
  try {
    const parsed = JSON.parse(args) as { summary?: unknown };
    if (typeof parsed.summary === 'string' && parsed.summary.trim()) return parsed.summary.trim();
  } catch {
    // a finish without readable arguments still finishes
  }
  return '(finished without a summary)';
}

/** Runs one tool call with its evidence (started → progress… → completed); returns what the model reads. */
async function runTool(deps: AgentLoopDeps, name: string, rawArgs: string): Promise<string> {
  const itemId = randomUUID();
  const args = parseArgs(rawArgs);
  const command = name === AGENT_TOOL.runCommand && typeof args?.command === 'string' ? args.command : null;
  deps.progress({ last: command ? `$ ${command.slice(0, 80)}` : `${name} ${shortArg(args)}`.trim() });
  const t0 = performance.now();
  if (command !== null && deps.approve && command.trim() !== '' && command.length <= MAX_COMMAND_CHARS) {
    const waiting = () => deps.progress({ last: `waiting for approval: $ ${command.slice(0, 80)}` });
    const answer = await deps.approve(command, deps.signal, waiting);
    if (!answer.ok) return answer.message;
    deps.progress({ last: `$ ${command.slice(0, 80)}` });
  }
  if (command !== null) {
    const facts = commandNotRunYet(command, false);
    deps.evidence({ kind: 'command', itemId, phase: 'started', output: '', ...facts });
    const live = new LiveOutput(
      (chunk) => deps.evidence({ kind: 'command', itemId, phase: 'progress', output: chunk, ...facts }),
      EVIDENCE_CAP,
    );
    const result = await callTool(name, rawArgs, {
      root: deps.root,
      signal: deps.signal,
      exec: (cmd) => deps.exec(cmd, deps.signal, (c) => live.push(c)),
    });
    live.close();
    const o = result.command;
    const shown = truncateMiddle(o ? o.output : result.output, EVIDENCE_CAP);
    deps.evidence({
      kind: 'command',
      itemId,
      phase: 'completed',
      command,
      output: shown.text,
      truncated: shown.truncated || (o?.truncated ?? false),
      exitCode: o?.exitCode ?? null,
      durationMs: o?.durationMs ?? performance.now() - t0,
      timedOut: o?.timedOut ?? false,
      cancelled: o?.cancelled ?? false,
      sandboxed: o?.sandboxed ?? false,
    });
    return truncateMiddle(result.output, TOOL_RESULT_CAP).text;
  }
  const input = truncateMiddle(describeInput(name, args, rawArgs), EVIDENCE_CAP).text;
  deps.evidence({
    kind: 'tool',
    itemId,
    phase: 'started',
    tool: name,
    input,
    output: '',
    truncated: false,
    ok: null,
    durationMs: null,
  });
  const result = await callTool(name, rawArgs, {
    root: deps.root,
    signal: deps.signal,
    exec: () => Promise.reject(new Error('not a command tool')),
  });
  const shown = truncateMiddle(result.output, EVIDENCE_CAP);
  deps.evidence({
    kind: 'tool',
    itemId,
    phase: 'completed',
    tool: name,
    input,
    output: shown.text,
    truncated: shown.truncated,
    ok: result.ok,
    durationMs: performance.now() - t0,
  });
  return truncateMiddle(result.output, TOOL_RESULT_CAP).text;
}

type Args = Record<string, unknown> | null;

function parseArgs(raw: string): Args {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** What the evidence shows as a call's input: a patch as the patch, anything else as its arguments. */
function describeInput(name: string, args: Args, raw: string): string {
  if (name === AGENT_TOOL.applyPatch && typeof args?.patch === 'string') return args.patch;
  return args ? JSON.stringify(args) : raw;
}

function shortArg(args: Args): string {
  const v = args?.path ?? args?.query;
  return typeof v === 'string' ? v.slice(0, 80) : '';
}
