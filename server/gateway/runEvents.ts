// Background-lane events of one connection: start, cancel, answer an approval, list, subscribe (join the run's room
// first, then replay from the client's last sequence number), diff, hunk decisions and discard.
import type { RunService } from '../agents/runService';
import { on, type TandemSocket } from './handle';
import { admitRun } from './rateLimit';

export const runRoomName = (runId: string) => `run:${runId}`;

export function registerRunEvents(socket: TandemSocket, deps: { runs: RunService; log: (m: string) => void }): void {
  const { runs, log } = deps;
  on(
    socket,
    'run/start',
    async (req) => {
      admitRun(socket);
      return { run: await runs.startRun(req, socket.data.name) };
    },
    log,
  );
  on(socket, 'run/cancel', async ({ runId }) => ({ run: await runs.cancel(runId, socket.data.name) }), log);
  on(
    socket,
    'run/approval',
    async ({ runId, approvalId, decision }) => ({
      run: await runs.decideApproval(runId, approvalId, decision, socket.data.name),
    }),
    log,
  );
  on(socket, 'run/list', () => ({ runs: runs.list() }), log);
  on(
    socket,
    'run/subscribe',
    async ({ runId, afterSeq }) => {
      runs.summary(runId);
      await socket.join(runRoomName(runId));
      return runs.replay(runId, afterSeq);
    },
    log,
  );
  on(
    socket,
    'run/unsubscribe',
    async ({ runId }) => {
      await socket.leave(runRoomName(runId));
      return {};
    },
    log,
  );
  on(socket, 'run/diff', ({ runId }) => runs.diff(runId), log);
  on(
    socket,
    'run/review',
    ({ runId, decisions }) => ({ run: runs.recordHunkDecisions(runId, decisions, socket.data.name) }),
    log,
  );
  on(
    socket,
    'run/discard',
    async ({ runId }) => {
      await runs.discard(runId);
      return {};
    },
    log,
  );
}
