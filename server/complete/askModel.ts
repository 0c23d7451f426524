// Why: a suggestion (a completion or a next edit) that the model could not give must reach the
// person as one clear `unavailable` error with the model's message, whichever lane asked.
import { ProtocolFailure } from '../../lib/protocol';
import { ModelError } from '../models/errors';

export async function askModel<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ModelError) throw new ProtocolFailure('unavailable', err.message);
    throw err;
  }
}
