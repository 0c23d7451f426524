// Integration: the review lane over a real socket and the simulated strong model over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { MAX_FAST_RANGE_LINES, MAX_REVIEW_LINES, type RunSummary } from '../../lib/protocol';
import { connectClient, makeWorkspace, openDoc, startTestServer, waitFor } from '../testing/fixtures';

const CODE = [
  'export function total(items) {',
  '  let sum = 0;',
  '  for (const i of items) if (i == null) continue; else console.log(i);',
  '  return sum;',
  '}',
  '',
].join('\n');

let s: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  s = await startTestServer(
    { workspace: makeWorkspace({ 'src/t.js': CODE }) },
    { 'sim-strong': { tokensPerSecond: 5000, ttftMs: 5 } },
  );
});
afterAll(() => s.close());

describe('review lane', () => {
  it('returns findings with file line numbers and changes nothing', async () => {
    const socket = await connectClient(s.url, { name: 'Rev' });
    const doc = await openDoc(socket, 'src/t.js');
    const { review } = await request(socket, 'review/start', {
      path: 'src/t.js',
      range: { startLine: 2, endLine: 4 },
      instruction: 'find bugs in this',
    });
    expect(review.lane).toBe('review');
    expect(review.model.simulated).toBe(true);
    const lines = review.findings.map((f) => `${f.startLine}:${f.severity}:${f.message}`);
    expect(lines).toContain('2:info:sum is never reassigned: use const (simulated reviewer)');
    expect(lines.some((l) => l.startsWith('3:warning:loose equality'))).toBe(true);
    expect(review.findings.every((f) => f.startLine >= 2 && f.endLine <= 4 && f.id)).toBe(true);
    expect(doc.text.toString()).toBe(CODE);
    const summary = s.metrics.summary();
    expect(summary.usage.today.review.tokensIn).toBeGreaterThan(0);
    expect(summary.usage.today.review.estimated).toBe(false);
    expect(summary.lanes.review.reviewAnswerMs?.count).toBe(1);
    expect(summary.lanes.review.ttftMs).toBeUndefined();
    socket.disconnect();
  });

  it('reviews the diff of a background run', async () => {
    const socket = await connectClient(s.url, { name: 'Rev' });
    const runs: RunSummary[] = [];
    socket.on('run/updated', (r) => runs.push(r));
    const { run } = await request(socket, 'run/start', {
      instruction: 'rename sum to total in src/t.js',
      path: 'src/t.js',
      validation: null,
    });
    await waitFor(() => runs.some((r) => r.id === run.id && r.status === 'succeeded'), 15_000, 'run succeeded');
    const { review } = await request(socket, 'review/start', { runId: run.id, instruction: 'review this diff' });
    expect(review.path).toBe(`run ${run.id}`);
    expect(review.findings.map((f) => `${f.path}:${f.startLine}:${f.message}`)).toContain(
      'src/t.js:2:total is never reassigned: use const (simulated reviewer)',
    );
    await expect(request(socket, 'review/start', { runId: 'nope', instruction: 'review' })).rejects.toThrow(
      /no run nope/,
    );
    socket.disconnect();
  });

  it('refuses a file that is not open and a range that does not exist', async () => {
    const socket = await connectClient(s.url);
    await expect(request(socket, 'review/start', { path: 'src/t.js', instruction: 'review' })).rejects.toThrow(
      /not open on this connection/,
    );
    await openDoc(socket, 'src/t.js');
    await expect(
      request(socket, 'review/start', {
        path: 'src/t.js',
        range: { startLine: 50, endLine: 60 },
        instruction: 'review',
      }),
    ).rejects.toThrow(/no longer exist/);
    socket.disconnect();
  });

  it("bounds a range by the review lane's own limit, in its own words", async () => {
    const socket = await connectClient(s.url);
    await openDoc(socket, 'src/t.js');
    const review = (startLine: number, endLine: number) =>
      request(socket, 'review/start', { path: 'src/t.js', range: { startLine, endLine }, instruction: 'review' });
    // Longer than a fast edit may be, within a review's limit: refused only because the file is shorter.
    await expect(review(1, MAX_FAST_RANGE_LINES + 500)).rejects.toThrow(/no longer exist/);
    await expect(review(1, MAX_REVIEW_LINES)).rejects.toThrow(/no longer exist/);
    await expect(review(1, MAX_REVIEW_LINES + 1)).rejects.toThrow(
      `a review reads at most ${MAX_REVIEW_LINES} lines at once`,
    );
    socket.disconnect();
  });
});
