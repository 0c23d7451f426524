// A node shutting down after Redis is already gone: its document parts (last saves, the log's
// pending writes, lease releases, the feed and the Redis connections) each wait a bounded time, so
// the shutdown ends instead of waiting for a Redis that may never come back.
import { describe, expect, it } from 'vitest';
import { within } from '../../lib/within';
import { makeWorkspace, settled } from '../testing/fixtures';
import { clusterFixture } from './clusterFixture';

const fx = clusterFixture();
const PATH = 'src/app.ts';
/** Far above the bounds (a few seconds), far below "for ever". */
const GENEROUS_MS = 25_000;

describe('shutting down with Redis gone', () => {
  it('a node with open documents and an unacknowledged edit closes', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws, { autosaveMs: 100 });
    const onA = await fx.editor(a.url, PATH);
    onA.text.insert(0, '// acknowledged\n');
    await settled(onA);
    await fx.redis().stop();
    try {
      onA.text.insert(0, '// never acknowledged\n');
      await new Promise((r) => setTimeout(r, 300));
      fx.drop(a);
      expect(await within(GENEROUS_MS, a.close())).toBe(true);
    } finally {
      await fx.redis().restart();
    }
  }, 90_000);
});
