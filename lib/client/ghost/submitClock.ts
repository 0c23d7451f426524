// When each of this person's requests was submitted, by the request id the browser chose for it
// (with alternatives, each alternative's id): a turn announced with one of these ids is timed
// from the submit, so its first-paint figure is the person's Enter → first ghost paint.
import { alternativeRequestId } from '../../protocol';
import { newRequestId } from '../requestId';

export class SubmitClock {
  private readonly submitted = new Map<string, number>();

  /** A new request id, timed from now. */
  newRequest(alternatives = 1): string {
    const requestId = newRequestId();
    const at = performance.now();
    for (let i = 0; i < alternatives; i++) this.submitted.set(alternativeRequestId(requestId, i), at);
    return requestId;
  }

  /** A request that did not start a fast turn (refused, or routed elsewhere): stop waiting for it. */
  settle(requestId: string, alternatives = 1): void {
    for (let i = 0; i < alternatives; i++) this.submitted.delete(alternativeRequestId(requestId, i));
  }

  /** When the turn with this id was submitted (once: the entry is gone after). */
  take(requestId: string): number | undefined {
    const at = this.submitted.get(requestId);
    this.submitted.delete(requestId);
    return at;
  }
}
