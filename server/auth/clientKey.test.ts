// The client rule the gateway and the fast lane share: a key names the same client on every
// connection; a connection without a valid key is its own client and cannot come back.
import { describe, expect, it } from 'vitest';
import { canReconnect, clientIdOf } from './clientKey';

const KEY = 'k'.repeat(24);

describe('client ids', () => {
  it('names a keyed tab by a digest of its key, the same on every connection, never the key itself', () => {
    const id = clientIdOf(KEY, 'socket-a');
    expect(clientIdOf(KEY, 'socket-b')).toBe(id);
    expect(id).not.toContain(KEY);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(canReconnect(id)).toBe(true);
  });

  it('makes a connection without a valid key its own client, one that cannot reconnect', () => {
    for (const key of [undefined, 42, 'short', `${KEY}!`, 'x'.repeat(129)]) {
      const id = clientIdOf(key, 'abc');
      expect(id).not.toBe(clientIdOf(key, 'abd'));
      expect(canReconnect(id)).toBe(false);
    }
  });
});
