// Request ids the browser chooses itself (so it knows its own turn by id before the server answers).
// crypto.getRandomValues, not randomUUID: the latter exists only in secure contexts, and Tandem is
// often opened over plain http on a LAN address.
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
