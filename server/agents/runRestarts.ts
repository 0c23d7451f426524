// Why: a run that was running when its process stopped (a crash, kill -9, a restart, a lost
// worker) is given back by the queue and restarted from its snapshot — at least once, at most
// MAX_RUN_RESTARTS times. The embedded queue and BullMQ both hand it back; this one pure rule,
// applied where the run is taken again, counts the restarts on the run's record and words them,
// so both modes show the same evidence and end a run that keeps crashing with the same reason.
/** Restarts allowed after the process running a run stopped; BullMQ's maxStalledCount matches it. */
export const MAX_RUN_RESTARTS = 2;

export type RestartVerdict = { kind: 'restart'; restarts: number; text: string } | { kind: 'give-up'; reason: string };

/** What to do with a run taken again while its record still says `running` (its state's count so far). */
export function restartVerdict(state: { restarts?: number }, max = MAX_RUN_RESTARTS): RestartVerdict {
  const restarts = (state.restarts ?? 0) + 1;
  if (restarts > max) return { kind: 'give-up', reason: crashedTooOften(restarts) };
  return {
    kind: 'restart',
    restarts,
    text:
      `Restarted after the server stopped (restart ${restarts} of ${max}): the process running this run ` +
      'stopped before it finished (a crash, a kill, a restart or a lost machine). It runs again from its ' +
      'snapshot; its evidence so far is kept.',
  };
}

/** The reason of a run that the server stopped during `times` times. */
export function crashedTooOften(times: number): string {
  return `the server stopped during this run ${times} times`;
}
