// Where the rate limits (server/limits/limits.ts) meet the sockets: each connection's event gate,
// and the per-person limits that the handlers starting model requests and runs ask before they do.
import type { Limits, ModelLane } from '../limits/limits';
import { EventGate, PersonLimits } from '../limits/limits';
import type { TandemSocket } from './handle';

type ConnectionLimits = { gate: EventGate; people: PersonLimits };
const connections = new WeakMap<TandemSocket, ConnectionLimits>();

/** The limits of one server: its people, shared by all their connections. */
export function serverLimits(limits: Limits): (socket: TandemSocket) => EventGate {
  const people = new PersonLimits(limits);
  return (socket) => {
    const gate = new EventGate(limits, Date.now());
    connections.set(socket, { gate, people });
    return gate;
  };
}

/** Before starting `n` model requests in `lane` for the person behind `socket`: `rate_limited` past the limit. */
export function admitModel(socket: TandemSocket, lane: ModelLane, n = 1): void {
  connections.get(socket)?.people.model(socket.data.name, lane, Date.now(), n);
}

/** Before starting a background run for the person behind `socket`: throws `rate_limited` past the limit. */
export function admitRun(socket: TandemSocket): void {
  connections.get(socket)?.people.run(socket.data.name, Date.now());
}
