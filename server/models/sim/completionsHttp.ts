// `POST /v1/completions` on the simulated server: the fill-in-the-middle shape (`prompt` before the
// cursor, `suffix` after it) that Codestral, DeepSeek, vLLM, llama.cpp and Ollama serve, answered
// by simFill, cut at `stop` and `max_tokens`, streamed as `text_completion` chunks (or whole) at
// the model's pace. With `n` (1–8) it answers up to n distinct choices (simFills: fewer when fewer
// fit), streamed one after the other with their `index`. A client that closes the request stops
// the stream at once (server.ts's close handler calls the pacing's stop; the record says `aborted`).
import { z } from 'zod';
import { profileFor, type HttpCall } from './chatHttp';
import { simFills } from './completions';
import { dueTimes, firstTokenMs, pace, type Step } from './pacer';
import type { SimContext } from './records';
import { parseBodyOr400, sendFault } from './simErrors';
import { hash32 } from './simWire';
import { chatSseSink } from './sinks';
import { countTokens, tokenize } from './tokenize';

const bodySchema = z.looseObject({
  prompt: z.string(),
  suffix: z.string().nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  n: z.number().int().min(1).max(8).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
});

/** The fill cut at the first stop sequence and at `maxTokens` tokens; the finish reason. */
export function cutFill(
  text: string,
  stop: string[],
  maxTokens: number | null,
): { text: string; finish: 'stop' | 'length' } {
  let cut = text;
  for (const s of stop) {
    const at = s === '' ? -1 : cut.indexOf(s);
    if (at !== -1) cut = cut.slice(0, at);
  }
  const tokens = tokenize(cut);
  if (maxTokens !== null && tokens.length > maxTokens) {
    return { text: tokens.slice(0, maxTokens).join(''), finish: 'length' };
  }
  return { text: cut, finish: 'stop' };
}

export function answerCompletions(ctx: SimContext, call: HttpCall): void {
  const { req, res, record, fault } = call;
  const body = parseBodyOr400(bodySchema, call.json, res, record);
  if (body === null) return;
  const profile = profileFor(ctx, call);
  if (profile === null) return;
  if (fault !== null && sendFault(res, record, fault, req.headers.authorization ?? '')) return;
  const stop = body.stop == null ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop;
  const suffix = body.suffix ?? '';
  const fills = simFills(body.prompt, suffix, body.n ?? 1);
  const choices = (fills.length ? fills : ['']).map((f) => cutFill(f, stop, body.max_tokens ?? null));
  const promptTokens = countTokens(body.prompt) + countTokens(suffix);
  record.prefillTokens = promptTokens;
  const seed = hash32(call.raw);
  const id = `cmpl-sim-${seed.toString(16).padStart(8, '0')}`;
  const created = Math.floor(Date.now() / 1000);
  const completionTokens = choices.reduce((sum, c) => sum + tokenize(c.text).length, 0);
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const choice = (index: number, t: string, reason: string | null) => ({
    index,
    text: t,
    logprobs: null,
    finish_reason: reason,
  });
  const payload = (list: object[], extra: object = {}) =>
    JSON.stringify({
      id,
      object: 'text_completion',
      created,
      model: call.model,
      system_fingerprint: 'fp_sim',
      choices: list,
      ...extra,
    });
  const chunk = (index: number, t: string, reason: string | null) => `data: ${payload([choice(index, t, reason)])}\n\n`;
  const steps: Step[] = choices.flatMap(({ text, finish }, i): Step[] => [
    ...tokenize(text).map((t): Step => ({ kind: 'write', data: chunk(i, t, null), tokens: 1 })),
    { kind: 'write', data: chunk(i, '', finish), tokens: 0 },
  ]);
  if (body.stream_options?.include_usage) {
    const usageChunk = JSON.stringify({
      id,
      object: 'text_completion',
      created,
      model: call.model,
      choices: [],
      usage,
    });
    steps.push({ kind: 'write', data: `data: ${usageChunk}\n\n`, tokens: 0 });
  }
  steps.push({ kind: 'write', data: 'data: [DONE]\n\n', tokens: 0 });
  const due = dueTimes(steps, profile, seed, firstTokenMs(profile, promptTokens));
  record.status = 200;
  if (!body.stream) {
    const all = choices.map((c, i) => choice(i, c.text, c.finish));
    const whole = () => res.writeHead(200, { 'content-type': 'application/json' }).end(payload(all, { usage }));
    const timer = setTimeout(whole, due[due.length - 1]);
    return call.setStop(() => clearTimeout(timer));
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  const pacing = pace(chatSseSink(req, res), steps, due, record.arrivedAt, (c) => ctx.recorder.chunk(record, c));
  call.setStop(pacing.stop);
}
