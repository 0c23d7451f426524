// Why: some waits must not hang — with Redis away a command waits for it (the connections retry for
// ever, as BullMQ requires), a stream may never end — so whatever must go on (a shutdown above all,
// an interrupt) gives such a wait a bound.

/** Waits for `work` at most `ms`; true when it settled in time (resolved or rejected). */
export async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = work.then(
    () => true,
    () => true,
  );
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const inTime = await Promise.race([settled, late]);
  clearTimeout(timer);
  return inTime;
}

/** Waits for one part of a shutdown at most `ms`, and says so when it did not finish (the close goes on). */
export async function closedWithin(
  what: string,
  work: Promise<unknown> | undefined,
  ms: number,
  log: (m: string) => void,
): Promise<void> {
  if (work && !(await within(ms, work))) log(`closing: ${what} did not finish within ${ms} ms; going on`);
}
