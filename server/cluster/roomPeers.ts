// Which rooms the other nodes of a cluster have people in, as they tell it (roomRoster.ts), so that
// an event goes through Redis only when someone on another node will receive it: a fast-lane delta
// of a file nobody else has open costs no Redis publish. Pure bookkeeping with a clock passed in.
// Wrong in the safe direction only: while this node cannot know (it has just started, or its Redis
// connection came back and news may have been lost), every room counts as having people elsewhere;
// a node that stops telling (it died) is forgotten after a few of its periods, and until then costs
// only publishes nobody needed.

/** A node not heard from for this many periods is forgotten. */
const FORGET_AFTER_PERIODS = 3;
/** How long this node publishes everything after it starts or its Redis connection comes back. */
const UNSURE_PERIODS = 2;

export class RoomPeers {
  private readonly nodes = new Map<string, { rooms: Set<string>; heardAt: number }>();
  /** How many other nodes have people in each room (only rooms with at least one). */
  private readonly counts = new Map<string, number>();
  private unsureUntil: number;

  constructor(
    /** How often every node tells its whole list (roomRoster.ts). */
    private readonly everyMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.unsureUntil = now() + UNSURE_PERIODS * everyMs;
  }

  /** Whether `room` may have people on another node (true for every room while this node cannot know). */
  elsewhere(room: string): boolean {
    return this.counts.has(room) || this.now() < this.unsureUntil;
  }

  /** News may have been lost (Redis came back): trust nothing until every node has told its list again. */
  unsure(): void {
    this.unsureUntil = Math.max(this.unsureUntil, this.now() + UNSURE_PERIODS * this.everyMs);
  }

  joined(node: string, room: string): void {
    const rooms = this.heard(node);
    if (rooms.has(room)) return;
    rooms.add(room);
    this.counts.set(room, (this.counts.get(room) ?? 0) + 1);
  }

  left(node: string, room: string): void {
    const rooms = this.heard(node);
    if (rooms.delete(room)) this.decrement(room);
  }

  /** A node's whole list, which replaces what was known of it. */
  all(node: string, rooms: readonly string[]): void {
    const known = this.heard(node);
    const now = new Set(rooms);
    for (const room of known) if (!now.has(room)) this.left(node, room);
    for (const room of now) this.joined(node, room);
  }

  /** Forgets the nodes that have not told anything for a few periods. */
  expire(): void {
    const before = this.now() - FORGET_AFTER_PERIODS * this.everyMs;
    for (const [node, known] of this.nodes) {
      if (known.heardAt >= before) continue;
      for (const room of known.rooms) this.decrement(room);
      this.nodes.delete(node);
    }
  }

  private heard(node: string): Set<string> {
    let known = this.nodes.get(node);
    if (!known) this.nodes.set(node, (known = { rooms: new Set(), heardAt: 0 }));
    known.heardAt = this.now();
    return known.rooms;
  }

  private decrement(room: string): void {
    const n = (this.counts.get(room) ?? 0) - 1;
    if (n > 0) this.counts.set(room, n);
    else this.counts.delete(room);
  }
}
