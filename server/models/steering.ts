// A caller's handle for steering the response a stream is producing. The provider binds it while
// a steerable response is active (the Responses API over WebSocket) and unbinds it when that
// response ends; the outcome of a steer comes back in the stream (`steer`, then `successor`).
// With nothing bound, `steer()` says no and the caller falls back to abort-and-restart.
export class SteerHandle {
  private send: ((input: string) => boolean) | null = null;

  bind(send: (input: string) => boolean): void {
    this.send = send;
  }

  unbind(): void {
    this.send = null;
  }

  /** True when the steer went out to the provider. */
  steer(input: string): boolean {
    return this.send !== null && this.send(input);
  }
}
