// The soak's deadline on the server's answers: a request never answered is given up and counted;
// one answered (or refused) in time is passed through as it was.
import { describe, expect, it } from 'vitest';
import { answered, newCounts, SoakTimeout } from './soakLoad';

describe('answered', () => {
  it('gives up a request never answered, counts it, and says which', async () => {
    const counts = newCounts();
    const never = new Promise<number>(() => undefined);
    await expect(answered('fast/redirect', never, counts, 50)).rejects.toThrow(SoakTimeout);
    await expect(answered('run/start', never, counts, 50)).rejects.toThrow('run/start: no answer within 0.05 s');
    expect(counts.timeouts).toBe(2);
  });

  it('passes an answer or a refusal through, uncounted', async () => {
    const counts = newCounts();
    await expect(answered('instruction/submit', Promise.resolve(7), counts, 60_000)).resolves.toBe(7);
    const refused = Promise.reject(new Error('not_found'));
    await expect(answered('fast/resolve', refused, counts, 60_000)).rejects.toThrow('not_found');
    expect(counts.timeouts).toBe(0);
  });
});
