// Reading the cluster's news about documents as ioredis returns it with binary replies: pure, so
// the shapes are tested without Redis (the news itself crossing nodes is in news.test.ts).
import { describe, expect, it } from 'vitest';
import { parseNews } from './docNews';

const b = (s: string) => Buffer.from(s);

describe('document news entries', () => {
  it('reads saved and removed news, and skips what is malformed', () => {
    const raw = [
      [b('5-0'), [b('k'), b('saved'), b('p'), b('a.ts'), b('n'), b('node-1'), b('s'), Buffer.from([1, 2])]],
      [b('6-0'), [b('k'), b('removed'), b('p'), b('b.ts'), b('n'), b('node-2')]],
      [b('7-0'), [b('k'), b('saved'), b('p'), b('c.ts'), b('n'), b('node-1')]],
      [b('8-0'), [b('k'), b('renamed'), b('p'), b('d.ts'), b('n'), b('node-1')]],
      'junk',
    ];
    expect(parseNews(raw)).toEqual([
      { id: '5-0', node: 'node-1', kind: 'saved', path: 'a.ts', sv: new Uint8Array([1, 2]) },
      { id: '6-0', node: 'node-2', kind: 'removed', path: 'b.ts' },
    ]);
    expect(parseNews(null)).toEqual([]);
  });
});
