// The append queue on its own: a write that fails is retried at the head of the queue, so later
// writes wait behind it and land in order; whoever waited at the failure is refused, not left hanging.
// Beside writes go out together without waiting for each other's answers; a write pushed alone does not.
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

  it('sends beside writes at once, acknowledges in order; one sent alone waits for them, holds the rest', async () => {
    const started: string[] = [];
    const answers = new Map<string, (err?: Error) => void>();
    const write = (name: string) => () => {
      started.push(name);
      return new Promise<void>((resolve, reject) => answers.set(name, (err) => (err ? reject(err) : resolve())));
    };
    const tick = () => new Promise((r) => setImmediate(r));
    const queue = new AppendQueue('a.ts', () => undefined);
    queue.pushBeside(write('a1'));
    queue.pushBeside(write('a2'));
    const both = queue.flushed();
    queue.push(write('alone'));
    queue.pushBeside(write('b1'));
    expect(started).toEqual(['a1', 'a2']);
    answers.get('a2')!();
    await tick();
    expect(queue.waiting).toBe(4);
    expect(started).toEqual(['a1', 'a2']);
    answers.get('a1')!();
    await both;
    expect(started).toEqual(['a1', 'a2', 'alone']);
    answers.get('alone')!();
    await tick();
    expect(started).toEqual(['a1', 'a2', 'alone', 'b1']);
    answers.get('b1')!();
    await queue.flushed();
    expect(queue.waiting).toBe(0);
  });

  it('retries a failed beside write alone, once the others in flight are answered, then sends the rest', async () => {
    const written: string[] = [];
    let refusing = true;
    const queue = new AppendQueue('a.ts', () => undefined);
    const write = (name: string, fails: boolean) => async () => {
      if (fails && refusing) throw new Error('OOM');
      written.push(name);
    };
    queue.pushBeside(write('first', true));
    queue.pushBeside(write('second', false));
    await expect(queue.flushed()).rejects.toMatchObject({ code: 'unavailable', message: /OOM/ });
    queue.pushBeside(write('third', false));
    expect(written).toEqual(['second']);
    refusing = false;
    await queue.flushed();
    expect(written).toEqual(['second', 'first', 'third']);
  });
});
