// The append queue on its own: a write that fails is retried at the head of the queue, so later
// writes wait behind it and land in order; whoever waited at the failure is refused, not left hanging.
import { describe, expect, it } from 'vitest';
import { AppendQueue } from './appendQueue';

describe('AppendQueue', () => {
  it('refuses the waiters of a failed write, keeps it and what follows, and writes them in order later', async () => {
    const written: number[] = [];
    let refusing = true;
    const queue = new AppendQueue('a.ts', () => undefined);
    const write = (n: number) => async () => {
      if (refusing) throw new Error('disk full');
      written.push(n);
    };
    queue.push(write(1));
    queue.push(write(2));
    await expect(queue.flushed()).rejects.toMatchObject({ code: 'unavailable', message: /a\.ts.*disk full.*in order/ });
    queue.push(write(3));
    expect(queue.waiting).toBe(3);
    refusing = false;
    await queue.flushed();
    expect(written).toEqual([1, 2, 3]);
    expect(queue.waiting).toBe(0);
  });

  it('stopping gives up what is still queued and says how much', async () => {
    const queue = new AppendQueue('a.ts', () => undefined);
    queue.push(async () => {
      throw new Error('gone');
    });
    await expect(queue.flushed()).rejects.toThrow(/gone/);
    expect(queue.stop()).toBe(1);
    await expect(queue.flushed()).rejects.toThrow(/1 edit\(s\) of a\.ts never reached the store/);
  });
});
