// Keep-alive connections to one provider. undici's own Pool spreads consecutive requests over new
// connections (the second request on a fresh Pool opens a second socket), which wastes the
// connection that prewarm() opened. This small pool of undici Clients (one socket each) always
// prefers an idle, already connected one, so prewarm + consecutive requests share one TCP connection.
import { Client, type Dispatcher } from 'undici';

export class KeepAlivePool {
  private readonly clients: Client[] = [];

  constructor(
    private readonly origin: string,
    private readonly maxConnections: number,
    private readonly options: Client.Options,
  ) {}

  /** Idle and connected first (no handshake), then idle, then a new connection, then the least busy. */
  private pick(): Client {
    let idle: Client | null = null;
    let least: Client | null = null;
    let leastSize = Infinity;
    for (const client of this.clients) {
      const { connected, size } = client.stats;
      if (size === 0 && connected) return client;
      if (size === 0) idle ??= client;
      if (size < leastSize) [least, leastSize] = [client, size];
    }
    if (idle !== null) return idle;
    if (this.clients.length < this.maxConnections || least === null) {
      const client = new Client(this.origin, this.options);
      this.clients.push(client);
      return client;
    }
    return least;
  }

  request(options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
    return this.pick().request(options);
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.close()));
  }
}
