// Bytes on disk ↔ editor text. Documents are always LF (every client agrees on offsets);
// a file that used CRLF is written back with CRLF.
import type { Eol } from '../../lib/protocol';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Returns null for content that is not text (a NUL byte early on, or invalid UTF-8). */
export function decodeText(bytes: Uint8Array): { text: string; eol: Eol } | null {
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return null;
  let raw: string;
  try {
    raw = utf8.decode(bytes);
  } catch {
    return null;
  }
  if (raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
  return { text: normalizeEol(raw), eol: raw.includes('\r\n') ? 'crlf' : 'lf' };
}

export function encodeText(text: string, eol: Eol): string {
  return eol === 'crlf' ? text.replace(/\n/g, '\r\n') : text;
}

export function normalizeEol(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
