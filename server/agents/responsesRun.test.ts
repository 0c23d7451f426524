// Integration: a background run whose strong lane speaks the Responses API over a WebSocket chains
// its turns with `previous_response_id` — after the first turn each request carries only what came
// after the model's answer (the tool results) — and ends exactly as it does over chat completions.
// Real socket, the simulated strong model over a real WebSocket, real git worktree, real commands.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { runFinished, runHarness } from '../testing/runHarness';
import { gitInit } from './snapshot/testRepo';

const h = runHarness();
const RUN_MS = 120_000;

type CreateBody = { previous_response_id?: string; input: { type: string }[] };

describe('a run over the Responses WebSocket', () => {
  it(
    'sends each turn after the first as the new items only, chained to the last response',
    async () => {
      const workspace = path.join(tempDir('responses-run'), 'sample');
      fs.cpSync(path.resolve('server/workspace/sample'), workspace, { recursive: true });
      const config = { models: { strong: { api: 'responses', transport: 'websocket' } } };
      fs.writeFileSync(path.join(workspace, 'tandem.config.json'), JSON.stringify(config));
      gitInit(workspace);

      const s = await h.server({ workspace });
      const client = await h.client(s.url);
      const run = await client.start({
        instruction: 'rename formatPrice to formatMoney across all files',
        path: 'src/format.ts',
      });
      await client.watch(run.id);
      await runFinished(client, run.id, RUN_MS);
      const done = client.run(run.id)!;
      expect(done.status, done.reason ?? '').toBe('succeeded');
      const diff = await client.loadDiff(run.id);
      expect(diff.files.map((f) => f.path)).toContain('src/format.ts');

      const turns = s.models.sim!.requests.filter((r) => r.model === 'sim-strong');
      expect(turns.length).toBeGreaterThanOrEqual(3);
      expect(new Set(turns.map((r) => `${r.api} ${r.transport}`))).toEqual(new Set(['responses websocket']));
      const [first, ...rest] = turns.map((r) => r.body as CreateBody);
      expect(first!.previous_response_id).toBeUndefined();
      for (const [i, body] of rest.entries()) {
        expect(body.previous_response_id).toBe(turns[i]!.responseId);
        expect(body.input.every((item) => item.type === 'function_call_output')).toBe(true);
      }
      // Only the first turn prefilled the prompt; later ones only their tool results.
      expect(turns.slice(1).every((r) => r.cachedTokens > 0)).toBe(true);
    },
    RUN_MS + 30_000,
  );
});
