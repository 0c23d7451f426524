// Random and malformed client events for the gateway fuzz test and bench (fast-check): every event
// name plus unknown ones, payloads of the wrong type, huge strings, prototype keys, binary where
// text is expected, missing acknowledgements and extra arguments. Every generated call is one the
// protocol must refuse, so a server that changes anything because of one has a bug.
import fc from 'fast-check';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import type { ClientSocket } from '../../lib/client/socket';
import { clientEventSchemas, type Ack, type ClientEventName } from '../../lib/protocol';

/** One emit: the event, its arguments, and whether an acknowledgement callback goes last. */
export type FuzzCall = { event: string; args: unknown[]; ack: boolean };

const knownEvents = Object.keys(clientEventSchemas) as ClientEventName[];
const unknownEvents = ['doc/opne', 'admin/shutdown', 'run/delete', '__proto__', 'constructor', 'toString', ''];
/** Field names the schemas use, and some they must not trust. */
const keys = ['path', 'data', 'turnId', 'runId', 'instruction', 'selection', 'text', 'create', 'hunks', 'lane'];
const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

const huge = fc.constantFrom(100_000, 1_000_000).map((n) => 'x'.repeat(n));
const binary = fc.uint8Array({ maxLength: 64 }).chain((bytes) => fc.constantFrom(Buffer.from(bytes), bytes));
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('../../etc/passwd', '/etc/passwd', 'src/app.ts\u0000', '%2e%2e/x', 'src/../../x', '\ud800'),
);
const scalar = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 1e308),
);

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 2, arbitrary: binary },
    { weight: 1, arbitrary: huge },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 3, arbitrary: tie('object') },
  ),
  object: fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys, ...hostileKeys), fc.string({ maxLength: 8 })), tie('value')), {
      maxLength: 5,
    })
    .map(ownObject),
})).value;

/** An object whose entries are all own properties, `__proto__` included (as JSON.parse makes it). */
function ownObject(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true });
  return out;
}

/**
 * What the server will see of a call's arguments: the packet as Socket.IO's own parser encodes it
 * for the wire and decodes it on the server. No model to keep in step with it — its quirks included:
 * a packet with binary is copied key by key (deconstructPacket), where a copied `__proto__` key sets
 * the copy's prototype instead of a property, so that key never reaches the server (the bench's fuzz
 * saw `{"__proto__": <bytes>}` arrive as `{}`).
 */
function overTheWire(args: unknown[]): unknown[] {
  let decoded: unknown[] = [];
  const decoder = new Decoder();
  decoder.on('decoded', (packet: Packet) => (decoded = (packet.data as unknown[]).slice(1)));
  for (const part of new Encoder().encode({ type: PacketType.EVENT, nsp: '/', data: ['fuzz', ...args] }))
    decoder.add(typeof part === 'string' ? part : Buffer.from(part as Uint8Array));
  decoder.destroy();
  return decoded;
}

/** True when the protocol must refuse the call (so it may be sent at a server that holds real work). */
export function refused(call: FuzzCall): boolean {
  if (!Object.hasOwn(clientEventSchemas, call.event)) return true;
  if (!call.ack || call.args.length !== 1) return true;
  const payload = overTheWire(call.args)[0];
  return !clientEventSchemas[call.event as ClientEventName].safeParse(payload).success;
}

export const fuzzCall: fc.Arbitrary<FuzzCall> = fc
  .record({
    event: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...knownEvents) }, fc.constantFrom(...unknownEvents)),
    args: fc.oneof({ weight: 6, arbitrary: value.map((v) => [v]) }, fc.array(value, { maxLength: 3 })),
    ack: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, fc.constant(false)),
  })
  .filter(refused);

/** `count` calls from a fixed seed: the same run on every machine. */
export function fuzzCalls(count: number, seed = 14): FuzzCall[] {
  return fc.sample(fuzzCall, { numRuns: count, seed });
}

/** Sends one call; resolves with its acknowledgement, or null when it carried none. */
export function sendFuzzCall(socket: ClientSocket, call: FuzzCall): Promise<Ack | null> {
  const emit = socket.emit.bind(socket) as unknown as (...a: unknown[]) => void;
  if (!call.ack) {
    emit(call.event, ...call.args);
    return Promise.resolve(null);
  }
  return new Promise((resolve) => emit(call.event, ...call.args, (reply: Ack) => resolve(reply)));
}
