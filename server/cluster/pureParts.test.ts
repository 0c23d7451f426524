// The cluster's pure parts: reading stream entries as ioredis returns them, and comparing
// Yjs state vectors (what a holder waits for before it saves for another node).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { entryId, seqOf } from './keys';
import { parseRange, parseRead } from './logEntries';
import { covers, waitForState } from './stateVector';

const b = (s: string) => Buffer.from(s);

describe('log entries', () => {
  it('reads ids, nodes and updates, and skips what is malformed', () => {
    const raw = [
      [b('3-0'), [b('n'), b('a'), b('u'), Buffer.from([1, 2])]],
      [b('4-0'), [b('n'), b('b')]],
      'junk',
      [b('7-0'), [b('u'), Buffer.from([9]), b('n'), b('c')]],
    ];
    expect(parseRange(raw)).toEqual([
      { seq: 3, node: 'a', update: new Uint8Array([1, 2]) },
      { seq: 7, node: 'c', update: new Uint8Array([9]) },
    ]);
    const read = parseRead([[b('tandem:doc:{x}:log'), raw.slice(0, 1)]]);
    expect([...read.keys()]).toEqual(['tandem:doc:{x}:log']);
    expect(read.get('tandem:doc:{x}:log')).toHaveLength(1);
    expect(parseRead(null).size).toBe(0);
    expect(seqOf(entryId(42))).toBe(42);
  });
});

describe('state vectors', () => {
  it('covers and waits until a copy has seen another copy’s edits', async () => {
    const a = new Y.Doc();
    const b2 = new Y.Doc();
    a.getText('t').insert(0, 'hello');
    const want = Y.encodeStateVector(a);
    expect(covers(Y.decodeStateVector(Y.encodeStateVector(b2)), Y.decodeStateVector(want))).toBe(false);
    expect(await waitForState(b2, want, 10)).toBe(false);
    const waiting = waitForState(b2, want, 5000);
    setTimeout(() => Y.applyUpdate(b2, Y.encodeStateAsUpdate(a)), 5);
    expect(await waiting).toBe(true);
  });
});
