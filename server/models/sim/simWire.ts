// Turns a simulated reply into OpenAI wire bytes: the SSE steps of a streamed answer (with a fault
// spliced in after N tokens when asked) or a non-streaming completion body. Pure and deterministic:
// ids derive from a hash of the request.
import type { Fault } from './faults';
import type { Step } from './pacer';
import type { PredictionMatch } from './prediction';
import type { SimReply } from './respond';
import { tokenize } from './tokenize';

export type WireContext = {
  id: string;
  model: string;
  created: number;
  chunkTokens: number;
  includeUsage: boolean;
  /** The answer's alignment with the request's Predicted Output, if it sent one. */
  prediction: PredictionMatch | null;
};

/** FNV-1a, for deterministic ids and jitter seeds. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function event(ctx: WireContext, choices: unknown[], extra: Record<string, unknown> = {}): string {
  const chunk = {
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    system_fingerprint: 'fp_sim',
    choices,
    ...extra,
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

const delta = (ctx: WireContext, d: Record<string, unknown>, finish: string | null = null) =>
  event(ctx, [{ index: 0, delta: d, logprobs: null, finish_reason: finish }]);

/** The same id for a call whether the answer is streamed or not. */
const toolCallId = (ctx: WireContext, index: number) => `call_${ctx.id.slice(-8)}_${index}`;

function groups<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function completionTokens(reply: SimReply): number {
  return reply.kind === 'text'
    ? tokenize(reply.text).length
    : reply.calls.reduce((n, c) => n + 1 + tokenize(c.arguments).length, 0);
}

function usage(reply: SimReply, ctx: WireContext) {
  const completion = completionTokens(reply);
  return {
    prompt_tokens: reply.promptTokens,
    completion_tokens: completion,
    total_tokens: reply.promptTokens + completion,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      accepted_prediction_tokens: ctx.prediction?.acceptedTokens ?? 0,
      rejected_prediction_tokens: ctx.prediction?.rejectedTokens ?? 0,
    },
  };
}

export function streamSteps(reply: SimReply, ctx: WireContext): Step[] {
  const size = Math.max(1, Math.floor(ctx.chunkTokens));
  const steps: Step[] = [{ kind: 'write', data: delta(ctx, { role: 'assistant', content: '' }), tokens: 0 }];
  if (reply.kind === 'text') {
    groups(tokenize(reply.text), size).forEach((g, i) => {
      const accepted = ctx.prediction?.accepted.slice(i * size, i * size + g.length).filter(Boolean).length ?? 0;
      steps.push({ kind: 'write', data: delta(ctx, { content: g.join('') }), tokens: g.length, accepted });
    });
  } else {
    reply.calls.forEach((c, index) => {
      const start = { index, id: toolCallId(ctx, index), type: 'function', function: { name: c.name, arguments: '' } };
      steps.push({ kind: 'write', data: delta(ctx, { tool_calls: [start] }), tokens: 1 });
      for (const g of groups(tokenize(c.arguments), size)) {
        steps.push({
          kind: 'write',
          data: delta(ctx, { tool_calls: [{ index, function: { arguments: g.join('') } }] }),
          tokens: g.length,
        });
      }
    });
  }
  steps.push({ kind: 'write', data: delta(ctx, {}, reply.kind === 'text' ? 'stop' : 'tool_calls'), tokens: 0 });
  if (ctx.includeUsage) steps.push({ kind: 'write', data: event(ctx, [], { usage: usage(reply, ctx) }), tokens: 0 });
  steps.push({ kind: 'write', data: 'data: [DONE]\n\n', tokens: 0 });
  return steps;
}

/**
 * The step after which a mid-stream fault happens: the one that reaches `after` tokens, at most the
 * last token-bearing step, at least the first step (the role chunk, or the first output item).
 */
export function faultIndex<T>(steps: Step<T>[], after: number): number {
  let lastToken = 0;
  steps.forEach((s, i) => {
    if (s.kind === 'write' && s.tokens > 0) lastToken = i;
  });
  let at = 0;
  for (let sent = 0; at < lastToken && sent < after;) {
    const s = steps[++at]!;
    if (s.kind === 'write') sent += s.tokens;
  }
  return at;
}

/** Splices a mid-stream fault in after `after` tokens (after the role chunk at the earliest). */
export function withFault(steps: Step[], fault: Fault, ctx: WireContext): Step[] {
  if (!('after' in fault)) return steps;
  const at = faultIndex(steps, fault.after);
  const head = steps.slice(0, at + 1);
  const tail = steps.slice(at + 1);
  switch (fault.kind) {
    case 'stall':
      return [...head, { kind: 'stall' }];
    case 'reset':
    case 'drop':
      return [...head, { kind: 'reset' }];
    case 'malformed':
      return [
        ...head,
        { kind: 'write', data: `data: {"id":"${ctx.id}","choices":[{"index":0,"delta":{"content":"\n\n`, tokens: 0 },
        ...tail,
      ];
    case 'error': {
      const error = {
        message: 'The simulated model hit an injected error while generating.',
        type: 'server_error',
        param: null,
        code: 'internal_error',
      };
      return [
        ...head,
        { kind: 'write', data: `event: error\ndata: ${JSON.stringify({ error })}\n\n`, tokens: 0 },
        { kind: 'end' },
      ];
    }
  }
}

export function completionBody(reply: SimReply, ctx: WireContext): string {
  const message =
    reply.kind === 'text'
      ? { role: 'assistant', content: reply.text }
      : {
          role: 'assistant',
          content: null,
          tool_calls: reply.calls.map((c, i) => ({ id: toolCallId(ctx, i), type: 'function', function: c })),
        };
  const others = (reply.alternatives ?? []).map((content, i) => ({
    index: i + 1,
    message: { role: 'assistant', content },
    logprobs: null,
    finish_reason: 'stop',
  }));
  return JSON.stringify({
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    system_fingerprint: 'fp_sim',
    choices: [
      { index: 0, message, logprobs: null, finish_reason: reply.kind === 'text' ? 'stop' : 'tool_calls' },
      ...others,
    ],
    usage: usage(reply, ctx),
  });
}
