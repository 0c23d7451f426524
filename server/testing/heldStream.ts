// A fast-lane stream that cannot finish before a test interrupts, redirects or hands it off,
// however loaded the machine: the simulator stalls the lane's first stream after N tokens and
// holds the connection until Tandem closes it (the `stall:N*1` fault); later requests, such as
// the redirect, are answered whole. The lane's stall timeout outlasts any test, so Tandem does not
// give up on the held stream first. The result is a `tandem.config.json` object.
export function heldFirstFastStream(tokens: number) {
  return { models: { fast: { model: `sim-fast+stall:${tokens}*1`, stallTimeoutMs: 600_000 } } };
}
