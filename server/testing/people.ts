// Test helpers for people and roles: an owner's HTTP calls to the invitation endpoints, and a
// connection that remembers what the server told it about its role or a revoke.
import type { ClientSocket } from '../../lib/client/socket';
import type { Invite, InviteRole, SessionRole } from '../../lib/protocol/people';
import { connectClient, TEST_TOKEN } from './fixtures';

export type Created = Invite & { token: string; url: string };

export async function api(base: string, method: string, path: string, token = TEST_TOKEN, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function createInvite(base: string, role: InviteRole, name?: string): Promise<Created> {
  const { status, body } = await api(base, 'POST', '/api/invites', TEST_TOKEN, { role, ...(name ? { name } : {}) });
  if (status !== 201) throw new Error(`POST /api/invites answered ${status}: ${JSON.stringify(body)}`);
  return body as Created;
}

export type Person = { socket: ClientSocket; role: () => SessionRole | null; revoked: () => string | null };

/** Connects with `token` and records session/role and session/revoked as they come. */
export async function connectAs(url: string, token: string, name = 'typed name'): Promise<Person> {
  let role: SessionRole | null = null;
  let revoked: string | null = null;
  const socket = await connectClient(url, {
    token,
    name,
    beforeConnect: (s) => {
      s.on('session/role', (r) => (role = r));
      s.on('session/revoked', ({ message }) => (revoked = message));
    },
  });
  return { socket, role: () => role, revoked: () => revoked };
}
