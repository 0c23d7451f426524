// "Send to background" from a fast-lane session: stop the stream if it is still going, start a
// run that carries the session (transcript, base text, the ghost as a diff), and clear the ghost
// from the editor only once the run has started — until then it stays where it was.
import type { FastLaneClient } from '../fastLaneClient';
import type { GhostTurn } from '../ghost/ghostTurn';
import { handoffRun } from '../ghost/handoffContext';
import type { RunsClient } from '../runsClient';
import { useRunListStore } from '../stores/runListStore';
import { followRun } from './delegate';

export async function handOffGhost(
  session: { fast: FastLaneClient; runs: RunsClient },
  turn: GhostTurn,
  instruction?: string,
): Promise<string> {
  if (turn.state === 'streaming') await session.fast.interrupt(turn);
  const { context, handoff } = handoffRun({
    info: turn.info,
    state: turn.state,
    redirects: turn.redirects,
    result: turn.resultText(),
    message: turn.message,
  });
  const asked = [turn.info.instruction, ...turn.redirects].join(' — then: ');
  const run = await session.runs.start({
    instruction: instruction?.trim() || asked,
    path: turn.info.path,
    range: turn.info.range,
    context,
    handoff,
  });
  const started = (status: string | undefined) => status !== undefined && status !== 'queued';
  const clear = () => session.fast.turn(turn.info.requestId) && session.fast.handOff(turn);
  if (started(run.status)) clear();
  else {
    const stop = useRunListStore.subscribe((s) => {
      if (started(s.runs.find((r) => r.id === run.id)?.status)) {
        stop();
        clear();
      }
    });
  }
  await followRun(session.runs, run.id);
  return run.id;
}
