// Feeds the router's LaneState from the model calls themselves: a provider wrapped so that every
// call's outcome (a ModelError with its kind, or a whole answer) is told to the lane state. Why
// here: the fast lane, background runs and reviews all call their provider, so one wrapper in the
// app's wiring sees them all without any of them knowing about routing.
import { ModelError } from '../models/errors';
import type { CallOptions, ModelProvider } from '../models/provider';
import type { ChatRequest, ModelStreamEvent } from '../models/types';

export type CallOutcomes = { failed(error: ModelError): void; succeeded(): void };

export function watchProvider(provider: ModelProvider, outcomes: CallOutcomes): ModelProvider {
  const failed = (err: unknown) => {
    if (err instanceof ModelError) outcomes.failed(err);
  };
  async function* stream(request: ChatRequest, options?: CallOptions): AsyncGenerator<ModelStreamEvent, void> {
    let errored = false;
    try {
      for await (const ev of provider.stream(request, options)) {
        if (ev.type === 'error') {
          errored = true;
          failed(ev.error);
        }
        yield ev;
      }
    } catch (err) {
      failed(err);
      throw err;
    }
    if (!errored) outcomes.succeeded();
  }
  return {
    get lane() {
      return provider.lane;
    },
    get info() {
      return provider.info;
    },
    stream,
    complete: (request, options) =>
      provider.complete(request, options).then(
        (done) => {
          outcomes.succeeded();
          return done;
        },
        (err: unknown) => {
          failed(err);
          throw err;
        },
      ),
    prewarm: () => provider.prewarm(),
    bytesSent: () => provider.bytesSent(),
    close: () => provider.close(),
  };
}
