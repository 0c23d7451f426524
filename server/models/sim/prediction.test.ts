import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEditRequest } from '../formats/editRequest';
import { firstTokenMs } from './pacer';
import { matchPrediction } from './prediction';
import { startSimServer, type SimServer } from './server';
import { countTokens, tokenize } from './tokenize';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ profiles: { 'sim-fast': { ttftMs: 0, tokensPerSecond: 20_000, jitter: 0 } } });
});
afterAll(() => sim.close());

// 50 lines; only line 20 uses `total`, so "rename total to sum" changes exactly one line.
const code = Array.from({ length: 50 }, (_, i) =>
  i === 20 ? 'let total = compute(items); // the only use' : `const value${i} = compute(${i}); // line ${i}`,
).join('\n');
const rewritten = code.replace('let total', 'let sum');
const editRequest = formatEditRequest({
  instruction: 'rename total to sum',
  path: 'a.ts',
  language: 'typescript',
  code,
  partial: null,
  correction: null,
});

type Usage = {
  prompt_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { accepted_prediction_tokens: number; rejected_prediction_tokens: number };
};

async function chat(body: object) {
  const res = await request(`${sim.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-fast', messages: [{ role: 'user', content: editRequest }], ...body }),
  });
  return { status: res.statusCode, text: await res.body.text(), record: sim.requests.at(-1)! };
}

const usageOf = (sse: string) =>
  sse
    .split('\n\n')
    .filter((e) => e.startsWith('data: {'))
    .map((e) => JSON.parse(e.slice(6)) as { usage?: Usage })
    .find((c) => c.usage)!.usage!;

describe('Predicted Outputs', () => {
  it('aligns token runs: only the changed line is not accepted, only its predicted tokens are rejected', () => {
    const match = matchPrediction(rewritten, code);
    const line = tokenize('let total = compute(items); // the only use\n').length;
    expect(match.accepted.length).toBe(tokenize(rewritten).length);
    expect(match.acceptedTokens).toBeGreaterThan(tokenize(rewritten).length - 2 * line);
    expect(match.rejectedTokens).toBeGreaterThan(0);
    expect(match.rejectedTokens).toBeLessThanOrEqual(line);
    expect(matchPrediction(rewritten, '')).toMatchObject({ acceptedTokens: 0, rejectedTokens: 0 });
    expect(matchPrediction(rewritten, rewritten)).toMatchObject({ rejectedTokens: 0 });
  });

  it('reports accepted and rejected prediction tokens, and finishes sooner by the pacer schedule', async () => {
    const plain = await chat({ stream: true, stream_options: { include_usage: true } });
    const predicted = await chat({
      stream: true,
      stream_options: { include_usage: true },
      prediction: { type: 'content', content: [{ type: 'text', text: code }] },
    });
    const match = matchPrediction(rewritten, code);
    expect(usageOf(predicted.text).completion_tokens_details).toEqual({
      reasoning_tokens: 0,
      accepted_prediction_tokens: match.acceptedTokens,
      rejected_prediction_tokens: match.rejectedTokens,
    });
    expect(usageOf(plain.text)).toMatchObject({
      prompt_tokens: countTokens(editRequest),
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
    expect(predicted.record.prediction).toEqual({
      acceptedTokens: match.acceptedTokens,
      rejectedTokens: match.rejectedTokens,
    });
    // Same answer, same tokens; the accepted ones are due predictionSpeedup (4) times closer together.
    expect(predicted.record.tokensSent).toBe(plain.record.tokensSent);
    const gap = 1000 / 20_000;
    const n = plain.record.tokensSent;
    const doneAt = (r: typeof plain.record) => r.chunks.at(-1)!.due;
    const ttft = firstTokenMs(sim.profiles['sim-fast']!, countTokens(editRequest));
    expect(doneAt(plain.record)).toBeCloseTo(ttft + (n - 1) * gap, 6);
    expect(doneAt(predicted.record)).toBeLessThan(
      ttft + (n - 1 - match.acceptedTokens) * gap + match.acceptedTokens * gap * 0.26,
    );
    expect(doneAt(predicted.record)).toBeLessThan(doneAt(plain.record) / 2);
  });

  it('answers without streaming with the same counts', async () => {
    const res = await chat({ prediction: { type: 'content', content: code } });
    const body = JSON.parse(res.text) as { usage: Usage; choices: { message: { content: string } }[] };
    expect(body.choices[0]!.message.content).toBe(rewritten);
    expect(body.usage.completion_tokens_details.accepted_prediction_tokens).toBe(
      matchPrediction(rewritten, code).acceptedTokens,
    );
  });

  it('refuses a prediction together with tools', async () => {
    const tools = [{ type: 'function', function: { name: 'read_file', parameters: {} } }];
    const res = await chat({ prediction: { type: 'content', content: code }, tools });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ error: { type: 'invalid_request_error', param: 'prediction' } });
    expect(JSON.parse(res.text).error.message).toMatch(/prediction cannot be used with tools/);
  });
});
