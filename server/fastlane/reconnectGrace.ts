// A person whose connection drops keeps their fast-lane turns for a grace period: the stream goes
// on (collaborators keep watching it) and the person's page picks it up again when it reconnects,
// to this node or, in a cluster, to another one. Only when the person is connected nowhere once
// the grace period is over does what they left end. A person connected elsewhere is checked again
// a grace period later, so nothing depends on a message between nodes arriving.
export type ReconnectGraceDeps = {
  graceMs: number;
  /** Whether the client is connected anywhere (this node or, in a cluster, another). */
  connected: (client: string) => Promise<boolean> | boolean;
  /** The client did not come back: end what it left. */
  expire: (client: string) => void;
  log: (m: string) => void;
};

export class ReconnectGrace {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: ReconnectGraceDeps) {}

  /** The client's last connection here closed. */
  away(client: string): void {
    if (!this.timers.has(client)) this.arm(client);
  }

  /** The client connected here again. */
  back(client: string): void {
    clearTimeout(this.timers.get(client));
    this.timers.delete(client);
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(client: string): void {
    const timer: NodeJS.Timeout = setTimeout(() => void this.check(client, timer), this.deps.graceMs);
    timer.unref();
    this.timers.set(client, timer);
  }

  private async check(client: string, timer: NodeJS.Timeout): Promise<void> {
    let connected = false;
    try {
      connected = await this.deps.connected(client);
    } catch (err) {
      this.deps.log(`could not tell whether a disconnected person is back: ${(err as Error).message}`);
    }
    // Back here (or closed) while the question was out.
    if (this.timers.get(client) !== timer) return;
    if (connected) return this.arm(client);
    this.timers.delete(client);
    this.deps.expire(client);
  }
}
