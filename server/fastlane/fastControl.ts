// What the asker of a fast-lane turn can do to it once it runs — interrupt, redirect, resolve —
// as one set of steps, the same for a request from a connection on this node and for one that
// another node of a cluster passes on (a person who reconnected elsewhere still steers the turn
// streaming here). The caller finds the session and the document's text; this does the rest.
import type * as Y from 'yjs';
import type { FastResolve, ServerTurnMetrics } from '../../lib/protocol';
import { languageOfPath } from '../models/formats/languages';
import type { FastSession } from './fastSession';

export type FastControl =
  | { kind: 'interrupt'; requestId: string; keptLength?: number }
  | { kind: 'redirect'; requestId: string; instruction: string; keptLength?: number }
  | { kind: 'resolve'; requestId: string; resolve: FastResolve };

export type FastControlReply = { metrics?: ServerTurnMetrics };

export async function controlTurn(
  session: FastSession,
  control: FastControl,
  /** Runs `use` on the document's current text (a redirect re-reads the code around the range). */
  withText: (use: (text: Y.Text) => void) => Promise<void>,
): Promise<FastControlReply> {
  switch (control.kind) {
    case 'interrupt':
      return { metrics: await session.interrupt(control.requestId, control.keptLength) };
    case 'redirect':
      await withText((text) =>
        session.redirect(
          control.requestId,
          control.instruction,
          languageOfPath(session.path),
          text,
          control.keptLength,
        ),
      );
      return {};
    case 'resolve':
      session.resolve(control.resolve);
      return {};
  }
}
