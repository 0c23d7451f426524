// How many connections each person's browser tab (client) has on this node, for the gateway: a
// reconnect can overlap the old connection. Who a connection's client is: server/auth/clientKey.ts.

/** How many connections each client has on this node (a reconnect can overlap the old connection). */
export class ConnectedClients {
  private readonly counts = new Map<string, number>();

  connected(client: string): void {
    this.counts.set(client, (this.counts.get(client) ?? 0) + 1);
  }

  /** True when that was the client's last connection here. */
  disconnected(client: string): boolean {
    const left = (this.counts.get(client) ?? 1) - 1;
    if (left > 0) this.counts.set(client, left);
    else this.counts.delete(client);
    return left <= 0;
  }

  has(client: string): boolean {
    return this.counts.has(client);
  }
}
