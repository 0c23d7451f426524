// In a cluster an edit is acknowledged once Redis has it; while Redis is away the append waits in
// the client's queue (in order, never dropped). The person should not wait for ever without a word:
// after a bound the acknowledgement is a refusal that says so, and the edit is still written later.
import { ProtocolFailure } from '../../lib/protocol';

/** The acknowledgement point, bounded: an edit Redis has not confirmed in time is refused, not acknowledged. */
export function durableWithin(flushed: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new ProtocolFailure(
            'unavailable',
            `the cluster's Redis has not confirmed this edit for ${Math.round(ms / 1000)} s, so it is not safe yet: ` +
              'this server keeps it and writes it when Redis is back',
          ),
        ),
      ms,
    );
    flushed.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
