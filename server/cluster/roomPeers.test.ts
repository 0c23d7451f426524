// RoomPeers' bookkeeping with a clock the test moves: what the other nodes told, the whole lists
// that replace it, a node forgotten once it stops telling, and every room counting as "elsewhere"
// while this node cannot know (started, or Redis came back).
import { describe, expect, it } from 'vitest';
import { RoomPeers } from './roomPeers';

const EVERY = 1000;

function peers() {
  let now = 0;
  const p = new RoomPeers(EVERY, () => now);
  return { p, at: (ms: number) => (now = ms) };
}

describe('RoomPeers', () => {
  it('counts every room as elsewhere for two periods after the start, then only what was told', () => {
    const { p, at } = peers();
    expect(p.elsewhere('doc:a')).toBe(true);
    at(2 * EVERY - 1);
    expect(p.elsewhere('doc:a')).toBe(true);
    at(2 * EVERY);
    expect(p.elsewhere('doc:a')).toBe(false);
    p.joined('B', 'doc:a');
    expect(p.elsewhere('doc:a')).toBe(true);
    expect(p.elsewhere('doc:b')).toBe(false);
  });

  it('keeps a room while any node has people in it, and a repeated join or leave changes nothing', () => {
    const { p, at } = peers();
    at(5 * EVERY);
    p.joined('B', 'doc:a');
    p.joined('B', 'doc:a');
    p.joined('C', 'doc:a');
    p.left('B', 'doc:a');
    expect(p.elsewhere('doc:a')).toBe(true);
    p.left('C', 'doc:a');
    expect(p.elsewhere('doc:a')).toBe(false);
    p.left('C', 'doc:a');
    p.joined('B', 'doc:a');
    expect(p.elsewhere('doc:a')).toBe(true);
  });

  it("a node's whole list replaces what was known of it (news lost in between is mended)", () => {
    const { p, at } = peers();
    at(5 * EVERY);
    p.joined('B', 'doc:a');
    p.joined('C', 'doc:b');
    p.all('B', ['doc:c', 'doc:b']);
    expect(p.elsewhere('doc:a')).toBe(false);
    expect(p.elsewhere('doc:b')).toBe(true);
    expect(p.elsewhere('doc:c')).toBe(true);
    p.left('C', 'doc:b');
    expect(p.elsewhere('doc:b')).toBe(true);
    p.all('B', []);
    expect(p.elsewhere('doc:b')).toBe(false);
    expect(p.elsewhere('doc:c')).toBe(false);
  });

  it('forgets a node that told nothing for three periods, not one that keeps telling', () => {
    const { p, at } = peers();
    at(5 * EVERY);
    p.joined('B', 'doc:a');
    p.joined('C', 'doc:b');
    at(7 * EVERY);
    p.all('C', ['doc:b']);
    at(8 * EVERY);
    p.expire();
    expect(p.elsewhere('doc:a')).toBe(true);
    at(8 * EVERY + 1);
    p.expire();
    expect(p.elsewhere('doc:a')).toBe(false);
    expect(p.elsewhere('doc:b')).toBe(true);
  });

  it('after unsure() every room counts as elsewhere again for two periods', () => {
    const { p, at } = peers();
    at(10 * EVERY);
    expect(p.elsewhere('doc:a')).toBe(false);
    p.unsure();
    expect(p.elsewhere('doc:a')).toBe(true);
    at(12 * EVERY);
    expect(p.elsewhere('doc:a')).toBe(false);
  });
});
