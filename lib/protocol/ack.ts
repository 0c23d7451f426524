// Every client→server event is answered through a Socket.IO acknowledgement of this one shape,
// so a client can always tell success from a refusal and show the refusal's message.
import { z } from 'zod';

// In the browser, zod must not probe for eval (`Function('')`): the page's Content-Security-Policy
// forbids it (server/http/securityHeaders.ts) and each probe would be reported as a violation.
if (typeof window !== 'undefined') z.config({ jitless: true });

export const errorCodes = [
  'bad_request',
  'not_found',
  'forbidden',
  'too_large',
  'binary',
  'conflict',
  'old_generation',
  'busy',
  'unavailable',
  'rate_limited',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const protocolErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
});
export type ProtocolError = z.infer<typeof protocolErrorSchema>;

export type AckOk<T> = { ok: true } & T;
export type AckErr = { ok: false; error: ProtocolError };
export type Ack<T = object> = AckOk<T> | AckErr;
export type AckFn<T = object> = (reply: Ack<T>) => void;

export function fail(code: ErrorCode, message: string): AckErr {
  return { ok: false, error: { code, message } };
}

/** Raised by handlers for refusals that must reach the client with their own code and message. */
export class ProtocolFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
